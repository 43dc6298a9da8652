import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The relay's Prometheus metrics (scraped from the ops port like every service). */
export class RelayMetrics {
  readonly registry = new Registry();
  readonly bytes = new Counter({
    name: 'relay_bytes_total',
    help: 'Bytes relayed between buyers and targets, by direction (up: to the target)',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });
  readonly streamsOpen = new Gauge({
    name: 'relay_streams_open',
    help: 'Buyer streams currently open',
    registers: [this.registry],
  });
  readonly tunnels = new Gauge({
    name: 'relay_device_tunnels',
    help: 'Device tunnels currently connected',
    registers: [this.registry],
  });
  readonly streamSetup = new Histogram({
    name: 'relay_stream_setup_seconds',
    help: 'From the buyer request to the device connected to the target',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly refused = new Counter({
    name: 'relay_refused_total',
    help: 'Buyer connections refused, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly backlog = new Gauge({
    name: 'relay_usage_backlog_batches',
    help: 'Counted batches journaled and not yet acknowledged by auth-svc and telemetry-svc',
    registers: [this.registry],
  });
  readonly flushErrors = new Counter({
    name: 'relay_usage_flush_errors_total',
    help: 'Failed writes of counted batches (each is retried with its id)',
    registers: [this.registry],
  });
  readonly unflushed = new Gauge({
    name: 'relay_unflushed_bytes',
    help: 'Counted bytes not yet written to their owners',
    registers: [this.registry],
  });
}
