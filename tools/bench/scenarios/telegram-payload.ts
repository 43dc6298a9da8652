// Signed Login Widget payloads for the auth scenarios, with the bot token the running
// platform uses (read like auth-svc reads it: .env, .secrets.env, environment).
import { createHash, createHmac } from 'node:crypto';

import { loadConfig } from '@trafficshare/config';

import { configSpec } from '../../../apps/auth-svc/src/config';

let secret: Buffer | undefined;

function widgetSecret(): Buffer {
  secret ??= createHash('sha256').update(loadConfig(configSpec).TELEGRAM_BOT_TOKEN).digest();
  return secret;
}

export function signedLoginBody(telegramId: number): string {
  const fields: Record<string, string | number> = {
    id: telegramId,
    first_name: `Bench${telegramId}`,
    username: `bench_${telegramId}`,
    auth_date: Math.floor(Date.now() / 1000),
  };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('\n');
  return JSON.stringify({
    ...fields,
    hash: createHmac('sha256', widgetSecret()).update(check).digest('hex'),
  });
}

/** A distinct client IP per n (the gateway trusts X-Forwarded-For from 127.0.0.1 by default),
 *  so per-IP login limits do not throttle a load test from one machine. */
export function benchIp(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Bench users live in their own id range, far from real Telegram ids. */
export const BENCH_ID_BASE = 9_000_000_000;
