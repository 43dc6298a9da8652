import { CronSettingsSchema, parseInterval, SecuritySettingsSchema } from './system-settings';

describe('system settings', () => {
  it('parses intervals of 1 s to 24 h and refuses anything else', () => {
    expect(parseInterval('30s')).toBe(30_000);
    expect(parseInterval('5m')).toBe(300_000);
    expect(parseInterval('24h')).toBe(86_400_000);
    expect(parseInterval('1500ms')).toBe(1_500);
    for (const bad of [
      '0s',
      '999ms',
      '25h',
      '5',
      'm5',
      '5 m',
      '05m',
      '-5m',
      '*/5 * * * *',
      '1d',
      '',
    ])
      expect({ bad, ms: parseInterval(bad) }).toEqual({ bad, ms: undefined });
  });

  it('cron names only known jobs; security is complete and bounded', () => {
    expect(CronSettingsSchema.safeParse({ ledger_reconciliation: '10m' }).success).toBe(true);
    expect(CronSettingsSchema.safeParse({ backups: '10m' }).success).toBe(false);
    expect(CronSettingsSchema.safeParse({ ledger_reconciliation: '10 min' }).success).toBe(false);
    const ok = {
      access_token_ttl_s: 900,
      refresh_token_ttl_s: 604_800,
      two_factor_max_renewals_without_code: 3,
    };
    expect(SecuritySettingsSchema.safeParse(ok).success).toBe(true);
    expect(SecuritySettingsSchema.safeParse({ ...ok, access_token_ttl_s: 86_401 }).success).toBe(
      false,
    );
    expect(SecuritySettingsSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});
