// Demo data for a local platform: today's price, and how to act as an admin. It runs once the
// platform is ready and goes through the services' gRPC APIs like any client, never writing
// another service's tables. Idempotent: an existing price is left alone.

import { SERVICES } from '@trafficshare/config';
import { common, type ledger } from '@trafficshare/contracts';
import { createGrpcClient } from '@trafficshare/grpc';

import { log, warn } from './log';

export interface SeedContext {
  /** e.g. http://127.0.0.1:8080 */
  readonly gatewayUrl: string;
  /** The variables the apps see (.env under the process environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** $1.20 per GB, the demo price (integer micro-USD). */
const DEMO_PRICE_PER_GB_MICRO_USD = 1_200_000;

export async function seedDemoData(context: SeedContext): Promise<void> {
  const svc = SERVICES['ledger-svc'];
  const address = context.env[svc.urlEnv] ?? `127.0.0.1:${svc.defaultGrpcPort}`;
  const { client, close } = createGrpcClient<ledger.LedgerServiceClient>(svc, {
    address,
    deadlineMs: 5_000,
  });
  try {
    const { price } = await client.getDailyPrice({ date: '' });
    if (price?.setForDate || (price?.pricePerGbMicroUsd ?? 0) > 0) {
      log(
        'seed',
        `today's price is already $${((price?.pricePerGbMicroUsd ?? 0) / 1e6).toFixed(2)}/GB`,
      );
    } else {
      await client.setDailyPrice({
        // The seed acts as the first ADMIN_IDS superadmin (audited as them), or as user 1 on a
        // platform that has none yet: SetDailyPrice checks the caller like any admin call.
        caller: {
          telegramId: Number(context.env.ADMIN_IDS?.split(',')[0]?.trim() || 1),
          role: common.Role.ROLE_SUPERADMIN,
          sessionId: '',
          ip: '127.0.0.1',
          userAgent: 'npm start (seed)',
        },
        date: '',
        pricePerGbMicroUsd: DEMO_PRICE_PER_GB_MICRO_USD,
        message: 'Demo price set by npm start',
        push: false,
      });
      log('seed', `set today's demo price: $${(DEMO_PRICE_PER_GB_MICRO_USD / 1e6).toFixed(2)}/GB`);
    }
  } catch (err) {
    warn(
      'seed',
      `could not seed today's price (${err instanceof Error ? err.message : String(err)}); set one with POST /api/admin/daily_price`,
    );
  } finally {
    close();
  }
  const admins = context.env.ADMIN_IDS;
  log(
    'seed',
    admins
      ? `superadmins (ADMIN_IDS): ${admins}; get a token with: npm run token -- --telegram-id ${admins.split(',')[0]}`
      : 'no superadmin yet: start with ADMIN_IDS=<telegram id> npm start, then npm run token -- --telegram-id <id>',
  );
}
