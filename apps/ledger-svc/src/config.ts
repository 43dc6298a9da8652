import { z } from 'zod';

import {
  baseShape,
  bool,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

const decimal = (fallback: string) =>
  z
    .string()
    .regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be a positive decimal with at most 6 places')
    .default(fallback);

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['ledger-svc']),
  /** USDT per USD shown next to balances. */
  USD_TO_USDT_RATE: decimal('0.90'),
  /** UZS per USD shown on the dashboard. */
  USD_TO_UZS_RATE: decimal('12600'),
  /** Price per GB (USD) for days before the first admin price. */
  DEFAULT_PRICE_PER_GB_USD: decimal('1.50'),
  /** Income batches: a batch closes at this many ReportsIngested events (each one telemetry commit of up to REPORT_BATCH_MAX reports) or after INCOME_BATCH_WAIT_MS. A phone reports every ~10 s, so each device is still credited about every 10 s (the phones' report cadence); the window only bounds the credit lag (JetStream's minimum pull expiry is 1 s). 20 events (~1,000 reports) let one transfer carry several reports of a user at 5,000 reports/s from 2,000 users; with 3 the ledger fell behind there (lag growing past 6 s). */
  INCOME_BATCH_MAX: z.coerce.number().int().min(1).max(1_000).default(20),
  INCOME_BATCH_WAIT_MS: z.coerce.number().int().min(1_000).max(60_000).default(1_000),
  /** Income workers in one process (each its own batches and traffic expense shard); each holds
   *  a pooled connection while crediting, so keep DATABASE_POOL_SIZE above it (20 in production). */
  INCOME_CONSUMERS: z.coerce.number().int().min(1).max(16).default(2),
  /** Referral commission per tier in basis points, tier 1 first (1000 = 10 %), of the referred users' traffic income only. */
  REFERRAL_RATES_BP: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5}){0,9}$/, 'must be a comma list of basis points')
    .default('1000,500,200'),
  /** One-time bonus (USD) to the referrer when a referral has shared REFERRAL_BONUS_MB; 0 turns it off. */
  REFERRAL_BONUS_USD: decimal('0.50'),
  REFERRAL_BONUS_MB: z.coerce.number().int().min(1).max(1_048_576).default(2048),
  TELEMETRY_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['telemetry-svc'].defaultGrpcPort}`),
  /** Reconciliation against telemetry's closed sessions (one replica at a time). */
  RECONCILE_ENABLED: bool(true),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(300_000),
  /** Sessions closed more recently than this are left to the event path. */
  RECONCILE_GRACE_MS: z.coerce.number().int().min(0).max(86_400_000).default(120_000),
  /** How far back the first run looks. */
  RECONCILE_LOOKBACK_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(30 * 86_400_000)
    .default(86_400_000),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'ledger-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
