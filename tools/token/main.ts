// `npm run token -- --telegram-id N [--username NAME] [--first-name NAME] [--language L] [--url URL]`
// Logs in through the running gateway with a Login Widget payload signed by the configured
// bot token (.env / .secrets.env, exactly as auth-svc reads it) and prints the token pair, so
// a newcomer can call the API without a Telegram bot. It also prints links that open the web
// client (/app, /admin) with Mini App launch parameters signed by the same bot token, so a
// plain browser logs in exactly as inside Telegram. Development only.
import { createHash, createHmac } from 'node:crypto';

import { GATEWAY_DEFAULT_PORT, loadConfig } from '@trafficshare/config';

import { configSpec } from '../../apps/auth-svc/src/config';

const USAGE =
  'usage: npm run token -- --telegram-id <id> [--username <name>] [--first-name <name>] [--language uz|ru|en] [--url <gateway url>]';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `#tgWebAppData=<initData>&…` as Telegram opens a Mini App, initData signed with the bot token. */
function miniAppLaunchHash(botToken: string, user: Record<string, string | number>): string {
  const params = new URLSearchParams({
    user: JSON.stringify(user),
    auth_date: String(Math.floor(Date.now() / 1000)),
  });
  const check = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  params.set('hash', createHmac('sha256', secret).update(check).digest('hex'));
  const launch = new URLSearchParams({
    tgWebAppData: params.toString(),
    tgWebAppVersion: '8.0',
    tgWebAppPlatform: 'unknown',
  });
  return `#${launch.toString()}`;
}

async function main(): Promise<number> {
  const id = arg('telegram-id');
  if (!id || !/^\d{1,15}$/.test(id)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(configSpec);
  if (config.NODE_ENV === 'production') {
    process.stderr.write('refusing to mint tokens with NODE_ENV=production\n');
    return 2;
  }
  const url = arg('url') ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? GATEWAY_DEFAULT_PORT}`;
  const fields: Record<string, string> = {
    id,
    first_name: arg('first-name') ?? `Dev${id}`,
    username: arg('username') ?? `dev_${id}`,
    auth_date: String(Math.floor(Date.now() / 1000)),
  };
  const check = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  const secret = createHash('sha256').update(config.TELEGRAM_BOT_TOKEN).digest();
  const hash = createHmac('sha256', secret).update(check).digest('hex');
  const res = await fetch(`${url}/api/auth/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'trafficshare-token-tool' },
    body: JSON.stringify({ ...fields, id: Number(id), auth_date: Number(fields.auth_date), hash }),
  }).catch((err: unknown) => {
    process.stderr.write(
      `the gateway does not answer at ${url} (${String(err)}); start the platform with npm start\n`,
    );
    return undefined;
  });
  if (!res) return 1;
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) {
    process.stderr.write(`login failed: ${res.status} ${JSON.stringify(body)}\n`);
    return 1;
  }
  process.stdout.write(
    `${JSON.stringify({ telegram_id: Number(id), role: (body.user as { role?: string }).role, token: body.token, refresh_token: body.refresh_token, expires_in: body.expires_in }, null, 2)}\n`,
  );
  process.stderr.write(
    `\ncurl -H "Authorization: Bearer ${String(body.token)}" ${url}/api/user/profile\n`,
  );
  const launch = miniAppLaunchHash(config.TELEGRAM_BOT_TOKEN, {
    id: Number(id),
    first_name: fields.first_name,
    username: fields.username,
    language_code: arg('language') ?? 'uz',
  });
  process.stderr.write(`\nMini App:    ${url}/app${launch}\nAdmin panel: ${url}/admin${launch}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
