// How the simulator gets access tokens: log in like a phone through POST /api/auth/telegram
// with a Login Widget payload signed by the development bot token (.secrets.env), or, when
// that route is not available, mint tokens with the development JWT private key.

import { createHash, createHmac, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_JWT_AUDIENCE, DEFAULT_JWT_ISSUER } from '@trafficshare/config';

export function devSecrets(root = join(__dirname, '..', '..')): Record<string, string> {
  const file = join(root, '.secrets.env');
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)="?(.*?)"?$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** A Telegram Login Widget payload signed as Telegram does (secret = SHA256(bot token)). */
export function signedLoginPayload(
  botToken: string,
  id: number,
  username: string,
): Record<string, string | number> {
  const payload: Record<string, string | number> = {
    id,
    first_name: 'Sim',
    username,
    auth_date: Math.floor(Date.now() / 1000),
  };
  const check = Object.keys(payload)
    .sort()
    .map((k) => `${k}=${payload[k]}`)
    .join('\n');
  const secret = createHash('sha256').update(botToken).digest();
  return { ...payload, hash: createHmac('sha256', secret).update(check).digest('hex') };
}

/** An EdDSA access token like auth-svc's (iss, aud, sub, username, role, sid, ver, iat, exp). */
export function mintAccessToken(
  privateKeyDerBase64: string,
  sub: number,
  role = 'user',
  ttlS = 3600,
): string {
  const key = createPrivateKey({
    key: Buffer.from(privateKeyDerBase64, 'base64'),
    format: 'der',
    type: 'pkcs8',
  });
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iss = process.env.JWT_ISSUER || DEFAULT_JWT_ISSUER;
  const aud = process.env.JWT_AUDIENCE || DEFAULT_JWT_AUDIENCE;
  const body = `${enc({ alg: 'EdDSA', typ: 'JWT' })}.${enc({ iss, aud, sub: String(sub), username: `sim${sub}`, role, sid: randomUUID(), ver: 1, iat: now, exp: now + ttlS })}`;
  return `${body}.${sign(null, Buffer.from(body), key).toString('base64url')}`;
}

export async function login(
  url: string,
  id: number,
  secrets: Record<string, string>,
): Promise<string> {
  const bot = process.env.TELEGRAM_BOT_TOKEN ?? secrets.TELEGRAM_BOT_TOKEN;
  if (bot) {
    const res = await fetch(`${url}/api/auth/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signedLoginPayload(bot, id, `sim_${id}`)),
    }).catch(() => undefined);
    if (res?.ok) {
      const body = (await res.json()) as { token?: string };
      if (body.token) return body.token;
    }
  }
  const key = process.env.JWT_PRIVATE_KEY ?? secrets.JWT_PRIVATE_KEY;
  if (!key)
    throw new Error(
      'cannot log in: /api/auth/telegram failed and no JWT_PRIVATE_KEY in env or .secrets.env',
    );
  return mintAccessToken(key, id);
}
