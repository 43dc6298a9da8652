import { Counter, Gauge, Histogram, register } from 'prom-client';

// Metrics live in prom-client's default registry (served on the ops port). Existing ones are
// reused so a second boot in one process (tests) does not throw.
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
function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
): Histogram<L> {
  return (
    (register.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}
function gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return (
    (register.getSingleMetric(name) as Gauge<L> | undefined) ??
    new Gauge({ name, help, labelNames })
  );
}

/** Every metric of the filter (the alerts in ops/prometheus/alerts.yml read them). */
export const filterMetrics = {
  /** filter.requests_total / allowed / denied / pending_admin: one series per decision. */
  requests: counter('filter_requests_total', 'START filter decisions', ['decision'] as const),
  /** filter.top_block_reasons: deny and pending reasons. */
  reasons: counter('filter_block_reasons_total', 'Reasons of deny and pending_admin decisions', [
    'reason',
  ] as const),
  /** Blocked countries heatmap. */
  deniedCountries: counter('filter_denied_countries_total', 'Denied STARTs by IP country', [
    'country',
  ] as const),
  /** Seed dashboard "top ASNs causing denies". */
  deniedAsns: counter('filter_denied_asns_total', 'Denied STARTs by the IP network (ASN)', [
    'asn',
  ] as const),
  decisionSeconds: histogram(
    'filter_decision_duration_seconds',
    'Time to decide one START inside filter-svc',
    ['cache'] as const,
    [
      0.00025, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
      1, 2.5,
    ],
  ),
  cache: counter('filter_ip_cache_total', 'IP verdict cache lookups', ['result'] as const),
  /** filter.avg_latency_ms of third-party calls. */
  providerSeconds: histogram(
    'filter_provider_request_duration_seconds',
    'Latency of IP reputation provider calls',
    ['provider', 'outcome'] as const,
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
  ),
  providerErrors: counter('filter_provider_errors_total', 'Failed IP reputation provider calls', [
    'provider',
    'kind',
  ] as const),
  providerCircuitOpen: gauge('filter_provider_circuit_open', '1 while a provider circuit is open', [
    'provider',
  ] as const),
  /** Provider down → cached verdict or FAILURE_ACTION. */
  fallbacks: counter(
    'filter_provider_fallback_total',
    'Decisions taken without fresh provider answers',
    ['fallback'] as const,
  ),
  auditWriteErrors: counter(
    'filter_audit_write_errors_total',
    'Audit batches that failed to write',
    [] as const,
  ),
  /** SessionStarted → IP claim: held, released (the session had ended), changed/lost/none. */
  ipClaimConfirmations: counter(
    'filter_ip_claim_confirmations_total',
    'Session starts confirming the IP claim of their START, by outcome',
    ['outcome'] as const,
  ),
};
