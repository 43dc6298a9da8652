import { randomBytes } from 'node:crypto';

import { z } from 'zod';

import {
  baseShape,
  bool,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
  type SecretSpec,
} from '@trafficshare/config';

import { base32Encode } from './common/totp';

const decimal = (fallback: string) =>
  z
    .string()
    .regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be a positive decimal with at most 6 places')
    .default(fallback);
const seconds = (fallback: number, max = 86_400 * 30) =>
  z.coerce.number().int().min(0).max(max).default(fallback);
const secondsList = (fallback: string) =>
  z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be a comma list of seconds')
    .default(fallback)
    .transform((v) => v.split(',').map(Number));
const list = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

/** NowPayments credentials: generated on a developer machine (the sandbox uses the same ones). */
const nowPaymentsSecret: SecretSpec = {
  keys: [
    'NOWPAYMENTS_API_KEY',
    'NOWPAYMENTS_PASSWORD',
    'NOWPAYMENTS_IPN_SECRET',
    'NOWPAYMENTS_2FA_SECRET',
  ],
  generate: () => ({
    NOWPAYMENTS_API_KEY: randomBytes(16).toString('hex').toUpperCase(),
    NOWPAYMENTS_PASSWORD: randomBytes(18).toString('base64url'),
    NOWPAYMENTS_IPN_SECRET: randomBytes(24).toString('base64url'),
    // The account's 2FA secret (base32), as an authenticator app would hold it.
    NOWPAYMENTS_2FA_SECRET: base32Encode(randomBytes(20)),
  }),
};

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['payout-svc']),
  LEDGER_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['ledger-svc'].defaultGrpcPort}`),
  AUTH_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['auth-svc'].defaultGrpcPort}`),
  GRPC_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Withdrawal limits (USD, at most 6 decimals). */
  MIN_WITHDRAW_USD: decimal('1.39'),
  MAX_WITHDRAW_USD: decimal('100'),
  WITHDRAW_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(1),
  DAILY_WITHDRAW_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(3),
  /** How long a stored idempotent answer is replayed (seconds). */
  IDEMPOTENCY_TTL: seconds(86_400),
  USD_TO_USDT_RATE: decimal('0.90'),
  /** Fee policy: the provider fee is taken from the amount sent (gross − fee = net). */
  PAYOUT_FEE_FIXED_USD: decimal('0'),
  PAYOUT_FEE_PERCENT: decimal('0'),
  /** An account younger than this (from its UserRegistered event) adds the new_account factor. */
  RISK_NEW_ACCOUNT_DAYS: z.coerce.number().int().min(0).max(3_650).default(7),
  /** Subscription models whose holders are premium (their manual reviews are queued first). */
  PREMIUM_MODEL_IDS: z
    .string()
    .default('premium')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** Risk score at or above which a request waits for an admin (pending_manual_review). */
  RISK_REVIEW_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(60),
  /** nowpayments: the real API at NOWPAYMENTS_BASE_URL; sandbox: a NowPayments-compatible
   *  server inside this process on 127.0.0.1 (completes, fails or stalls by rules below). */
  PAYMENT_PROVIDER: z.enum(['nowpayments', 'sandbox']).default('sandbox'),
  NOWPAYMENTS_BASE_URL: z.string().url().default('https://api.nowpayments.io'),
  NOWPAYMENTS_EMAIL: z.string().default('payouts@trafficshare.local'),
  NOWPAYMENTS_API_KEY: z.string().min(8),
  NOWPAYMENTS_PASSWORD: z.string().min(8),
  NOWPAYMENTS_IPN_SECRET: z.string().min(16),
  NOWPAYMENTS_2FA_SECRET: z.string().regex(/^[A-Z2-7]{16,}$/, 'must be base32'),
  NOWPAYMENTS_CURRENCY: z.string().default('usdtbsc'),
  /** Where the provider sends IPNs (the gateway's POST /webhooks/payouts/nowpayments). */
  PAYOUT_IPN_CALLBACK_URL: z.string().default(''),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Sandbox: a payout finishes this long after it was verified. */
  SANDBOX_COMPLETE_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(20_000),
  /** Sandbox: addresses (lower case) whose payouts fail / stay processing. */
  SANDBOX_FAIL_ADDRESSES: list,
  SANDBOX_STALL_ADDRESSES: list,
  /** Sandbox: addresses (lower case) whose first two payout requests answer 503 (retried). */
  SANDBOX_FLAKY_ADDRESSES: list,
  /** Worker */
  PAYOUT_WORKER_ENABLED: bool(true),
  PAYOUT_WORKER_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  PAYOUT_WORKER_BATCH: z.coerce.number().int().min(1).max(1_000).default(20),
  PAYOUT_LEASE_S: seconds(60, 3_600),
  PAYOUT_RETRY_MAX: z.coerce.number().int().min(0).max(50).default(5),
  /** Exponential backoff base for transient provider errors (s): base, 2·base, 4·base … */
  PAYOUT_RETRY_BACKOFF_S: seconds(5, 3_600),
  /** Status polls after the provider accepted: 1, 5, 15, 60 min, then every last value. */
  PAYOUT_POLL_SCHEDULE_S: secondsList('60,300,900,3600'),
  /** Fault injection for the crash-safety test only: the worker stops dead (never returns)
   *  right after the provider accepted a payout, before the row is updated, and logs it. */
  PAYOUT_FAULT_PAUSE_AFTER_CREATE: bool(false),
  /** A row still `reserving` this long after its request is resolved by the worker. */
  RESERVE_RECOVERY_S: seconds(30, 3_600),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'payout-svc',
  shape,
  secrets: [nowPaymentsSecret],
};

export type AppConfig = ConfigOf<typeof shape>;
