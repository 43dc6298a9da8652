import { z } from 'zod/v4';

/**
 * System settings an admin changes at run time (auth-svc stores them in `system_settings` and
 * publishes SystemSettingsChanged; every replica applies them without a restart). Shared here so
 * the gateway's contract, auth-svc's validation and the services applying them agree.
 */
export const SYSTEM_SETTING_KEYS = ['security', 'cron'] as const;
export type SystemSettingKey = (typeof SYSTEM_SETTING_KEYS)[number];

/** The periodic jobs whose interval the `cron` setting controls, with the service running each. */
export const CRON_JOBS = {
  subscription_expiry_sweep: 'auth-svc',
  session_timeout_sweep: 'telemetry-svc',
  ledger_reconciliation: 'ledger-svc',
  filter_audit_cleanup: 'filter-svc',
} as const;
export type CronJob = keyof typeof CRON_JOBS;
export const CRON_JOB_NAMES = Object.keys(CRON_JOBS) as CronJob[];

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const INTERVAL = /^([1-9][0-9]{0,8})(ms|s|m|h)$/;
export const MIN_INTERVAL_MS = 1_000;
export const MAX_INTERVAL_MS = 24 * 3_600_000;

/** "30s", "5m", "1h", "1500ms" → milliseconds; undefined when malformed or outside 1 s–24 h. */
export function parseInterval(text: string): number | undefined {
  const m = INTERVAL.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms >= MIN_INTERVAL_MS && ms <= MAX_INTERVAL_MS ? ms : undefined;
}

export const IntervalSchema = z
  .string()
  .max(16)
  .refine((s) => parseInterval(s) !== undefined, {
    message: 'an interval like 30s, 5m or 1h (digits then ms|s|m|h), between 1s and 24h',
  });

/** `cron`: job → interval; a job left out runs at its service's configured default. */
export const CronSettingsSchema = z.partialRecord(z.enum(CRON_JOB_NAMES), IntervalSchema);
export type CronSettings = z.infer<typeof CronSettingsSchema>;

/** The largest access-token lifetime the `security` setting accepts (seconds). */
export const MAX_ACCESS_TTL_S = 86_400;

/** `security`: token lifetimes and the two-factor policy (auth-svc reads them per issue). */
export const SecuritySettingsSchema = z.strictObject({
  access_token_ttl_s: z.number().int().min(30).max(MAX_ACCESS_TTL_S),
  refresh_token_ttl_s: z
    .number()
    .int()
    .min(300)
    .max(90 * 86_400),
  /** Token renewals a 2FA user may make without a code before being logged out. */
  two_factor_max_renewals_without_code: z.number().int().min(1).max(20),
});
export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;
