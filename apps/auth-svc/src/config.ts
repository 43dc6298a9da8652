import { randomBytes } from 'node:crypto';

import {
  baseShape,
  infraShape,
  jwtClaimsShape,
  serviceShape,
  SERVICES,
  jwtKeyPairSecret,
  telegramBotTokenSecret,
  type ConfigOf,
  type ConfigSpec,
  type SecretSpec,
} from '@trafficshare/config';
import { z } from 'zod';

/** AES-256-GCM key (base64, 32 bytes) that encrypts TOTP secrets at rest. */
const totpKeySecret: SecretSpec = {
  keys: ['TOTP_ENCRYPTION_KEY'],
  generate: () => ({ TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
};

const idList = z
  .string()
  .default('')
  .refine((v) => v.split(',').every((s) => s.trim() === '' || /^\d{1,15}$/.test(s.trim())), {
    message: 'must be a comma list of Telegram ids',
  })
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number),
  );

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['auth-svc']),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, 'must look like <bot id>:<secret>'),
  JWT_PRIVATE_KEY: z.string().min(40),
  JWT_PUBLIC_KEY: z.string().min(40),
  ...jwtClaimsShape,
  TOTP_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64'),
  /** Oldest Telegram auth_date accepted, in seconds. */
  TELEGRAM_AUTH_MAX_AGE_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
  /** Comma list of Telegram ids that are superadmins. */
  ADMIN_IDS: idList,
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_S: z.coerce
    .number()
    .int()
    .min(300)
    .max(90 * 86_400)
    .default(604_800),
  /** MaxMind City .mmdb for the city of a login; unset = no city. */
  GEOIP_CITY_DB: z.string().optional(),
  /** The bot's username (links https://t.me/<bot>?start=ref_<code>). */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram bot username without @')
    .default('TrafficShareBot'),
  /** The Mini App's short name (links https://t.me/<bot>/<app>?startapp=ref_<code>). */
  TELEGRAM_MINIAPP_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{3,30}$/)
    .default('app'),
  /** Public address of the web client (the referral web link <url>/?ref=<code>); unset = a link relative to the client's own origin (/?ref=<code>). */
  PUBLIC_WEB_URL: z.string().url().optional(),
  /** Referral tiers shown (keep equal to the number of ledger-svc REFERRAL_RATES_BP). */
  REFERRAL_TIERS: z.coerce.number().int().min(1).max(10).default(3),
  /** Counted referrals per referrer per UTC day; more are recorded as not counted (daily_cap). */
  REFERRAL_DAILY_CAP: z.coerce.number().int().min(0).max(100_000).default(20),
  TOTP_ISSUER: z.string().min(1).max(40).default('TrafficShare'),
  /** How often expired subscriptions are switched off (version bump, history, live subscription_update). */
  SUBSCRIPTION_EXPIRY_SWEEP_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'auth-svc',
  shape,
  secrets: [telegramBotTokenSecret, jwtKeyPairSecret, totpKeySecret],
};

export type AppConfig = ConfigOf<typeof shape>;
