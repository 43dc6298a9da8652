import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, register } from 'prom-client';

// In prom-client's default registry (the ops server's); reused when the module loads twice (jest).
function counter(name: string, help: string, labelNames: string[]): Counter {
  return (
    (register.getSingleMetric(name) as Counter | undefined) ??
    new Counter({ name, help, labelNames })
  );
}

function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (
    (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames })
  );
}

function histogram(name: string, help: string, buckets: number[]): Histogram {
  return (
    (register.getSingleMetric(name) as Histogram | undefined) ??
    new Histogram({ name, help, buckets })
  );
}

/** The payout metrics (withdraw_requests_total, …) under the service's prefix. */
@Injectable()
export class PayoutMetrics {
  /** Accepted requests by status (pending | pending_manual_review). */
  readonly requested = counter('payout_withdraw_requests_total', 'Withdrawal requests accepted', [
    'status',
  ]);
  /** Refused requests by error code. */
  readonly rejected = counter('payout_withdraw_rejected_total', 'Withdrawal requests refused', [
    'code',
  ]);
  readonly completed = counter('payout_withdraws_completed_total', 'Payouts completed', []);
  readonly failed = counter('payout_withdraws_failed_total', 'Payouts failed or canceled', [
    'status',
  ]);
  readonly providerErrors = counter('payout_provider_errors_total', 'Provider call errors', [
    'operation',
    'kind',
  ]);
  readonly webhooks = counter('payout_webhooks_total', 'Provider notifications', ['result']);
  /** Accepted → completed, seconds. */
  readonly processingSeconds = histogram(
    'payout_withdraws_processing_seconds',
    'From request to completed payout',
    [1, 5, 15, 30, 60, 120, 300, 900, 3600, 14400, 86400],
  );
  /** Rows per status (queue size) and rows processing for more than 24 h, set by the worker. */
  readonly queue = gauge('payout_withdraws_by_status', 'Withdrawals per status', ['status']);
  readonly stuck = gauge(
    'payout_withdraws_stuck_processing',
    'Withdrawals processing for more than 24 h',
    [],
  );
  /** Age of the oldest row waiting in pending / processing (seconds; 0 when none). */
  readonly oldest = gauge(
    'payout_withdraws_oldest_seconds',
    'Age of the oldest withdrawal in a waiting status',
    ['status'],
  );
}
