/** Schema-qualified, quoted table names of the service (tests run in prefixed schemas). */
export interface Tables {
  readonly sessions: string;
  readonly reports: string;
  readonly mismatches: string;
  readonly dailyTraffic: string;
  readonly dailyEarnings: string;
  readonly dailyPrices: string;
}

export function tablesOf(schema: string): Tables {
  const t = (name: string) => `"${schema}"."${name}"`;
  return {
    sessions: t('traffic_sessions'),
    reports: t('session_reports'),
    mismatches: t('reconciliation_mismatches'),
    dailyTraffic: t('user_daily_traffic'),
    dailyEarnings: t('user_daily_earnings'),
    dailyPrices: t('daily_prices'),
  };
}
