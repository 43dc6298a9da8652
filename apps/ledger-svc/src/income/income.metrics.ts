import { Counter, Histogram, register } from 'prom-client';

// In prom-client's default registry (the ops server's); reused when the module loads twice (jest).
function histogram(
  name: string,
  help: string,
  buckets: number[],
  labelNames: string[] = [],
): Histogram {
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({ name, help, buckets, labelNames })
  );
}

function counter(name: string, help: string, labelNames: string[]): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}

export const incomeMetrics = {
  /** Time to credit one batch inside its transaction (seconds). */
  batchSeconds: histogram(
    'ledger_income_batch_seconds',
    'Time to credit one income batch',
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    ['source'],
  ),
  batchReports: histogram(
    'ledger_income_batch_reports',
    'Reports per income batch',
    [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    ['source'],
  ),
  /** Reports credited (source = event | reconciliation) and duplicates skipped. */
  reports: counter('ledger_income_reports_total', 'Reports seen by the income crediter', [
    'source',
    'result',
  ]),
  /** Lag from the report's counted_at to its credit commit, seconds (includes the batch window). */
  creditLagSeconds: histogram(
    'ledger_income_credit_lag_seconds',
    'counted_at → credited',
    [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    ['source'],
  ),
};
