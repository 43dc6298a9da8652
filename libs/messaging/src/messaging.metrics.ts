import { Counter, Gauge, register } from 'prom-client';

// Metrics live in prom-client's default registry (the one the ops server exposes). Reuse an
// existing metric so a second import of this module (jest, hot reload) does not throw.
function counter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames });
}

/** Sources of the backlog gauge, keyed by schema; read at scrape time. */
const backlogSources = new Map<string, Set<() => Promise<number>>>();

export function registerBacklogSource(schema: string, source: () => Promise<number>): () => void {
  const set = backlogSources.get(schema) ?? new Set();
  set.add(source);
  backlogSources.set(schema, set);
  return () => {
    set.delete(source);
    if (set.size === 0) backlogSources.delete(schema);
  };
}

function backlogGauge(): Gauge<'schema'> {
  const name = 'outbox_backlog';
  const existing = register.getSingleMetric(name);
  if (existing) return existing as Gauge<'schema'>;
  return new Gauge({
    name,
    help: 'Outbox rows not yet published, per schema (read at scrape time)',
    labelNames: ['schema'],
    async collect() {
      this.reset();
      for (const [schema, sources] of backlogSources) {
        // Replicas of one schema see the same table: one source is enough.
        const first = sources.values().next();
        if (first.done) continue;
        try {
          this.set({ schema }, await first.value());
        } catch {
          // An unreachable database leaves the series out rather than failing the scrape.
        }
      }
    },
  });
}

export const messagingMetrics = {
  outboxPublished: counter('outbox_published_total', 'Outbox rows published to JetStream', [
    'schema',
  ]),
  outboxPublishErrors: counter(
    'outbox_publish_errors_total',
    'Failed outbox publish attempts (rows stay unpublished and are retried)',
    ['schema'],
  ),
  outboxBacklog: backlogGauge(),
  eventsConsumed: counter('events_consumed_total', 'Events handled by consumers, by outcome', [
    'consumer',
    'type',
    'result',
  ]),
  eventsDeadLettered: counter(
    'events_dead_lettered_total',
    'Events moved to the dead-letter stream (alert on any increase)',
    ['consumer'],
  ),
};

/** Outcomes counted in `events_consumed_total{result}`. */
export type ConsumeResult = 'processed' | 'duplicate' | 'retried' | 'dead_lettered' | 'skipped';
