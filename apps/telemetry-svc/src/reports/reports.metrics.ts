import { Counter, Histogram, register } from 'prom-client';

// Default registry (served on the ops port); reused when a test boots the service twice.
function counter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  return (
    (register.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames })
  );
}
function histogram(name: string, help: string, buckets: number[]): Histogram {
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({ name, help, buckets })
  );
}

/** reports_ingested_total, batch sizes and commit latency, reconciliation errors. */
export const reportMetrics = {
  reports: counter(
    'telemetry_reports_total',
    'Reports by outcome (accepted, duplicate or the rejection code)',
    ['outcome'] as const,
  ),
  batchSize: histogram(
    'telemetry_report_batch_size',
    'Reports per group commit',
    [1, 5, 20, 50, 100, 200, 500, 1000],
  ),
  batchSeconds: histogram(
    'telemetry_report_batch_seconds',
    'Group commit duration',
    [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  ),
  /** Latency between the client's report and the server counting it. */
  reportDelay: histogram(
    'telemetry_report_delay_seconds',
    "Time from a report's client_timestamp to the server counting it (reports that carry one)",
    [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  ),
  batchFailures: counter(
    'telemetry_report_batch_failures_total',
    'Group commits that failed for good (every report of the batch answered with an error)',
    ['code'] as const,
  ),
  mismatches: counter('telemetry_reconciliation_mismatches_total', 'Reconciliation mismatches', [
    'phase',
  ] as const),
  sessions: counter(
    'telemetry_sessions_total',
    'Session events (started, completed, failed, blocked, pending_admin)',
    ['event'] as const,
  ),
};
