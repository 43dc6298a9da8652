import type { NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';

import { EventConsumer, type ConsumedEvent, type EventConsumerOptions } from './event-consumer';
import type { EventType } from './event-registry';
import type { MessagingLogger } from './messaging-logger';
import { assertDurable } from './naming';
import { ensureConsumer } from './stream-provisioning';

/** What every consumer of one service shares: connection, database, inbox schema, names. */
export interface EventConsumersContext {
  readonly nats: NatsConnection;
  readonly dataSource: DataSource;
  /** Schema holding the service's inbox table. */
  readonly schema: string;
  readonly prefix: string;
  readonly logger?: MessagingLogger;
}

export interface ConsumeOptions {
  /** Durable consumer name: the inbox's `consumer` column and the DLQ subject suffix. */
  readonly durable: string;
  /** Workers sharing the durable in this process (default 1); each pulls on its own. */
  readonly workers?: number;
  /** Deliveries before a failing event goes to the DLQ (default 5). */
  readonly maxDeliver?: number;
  /** Pause before redelivery after the n-th failure (default 1 s, 5 s, 15 s, 60 s). */
  readonly backoffMs?: readonly number[];
  /** Redelivery after this long without ack (a dead worker); default 30 s, kept alive while handling. */
  readonly ackWaitMs?: number;
  /**
   * Unacked messages the server lets out at once across all workers and replicas. Default:
   * max(1000, workers × messages per pull × 2) — every worker can hold a full pull while the
   * others hold theirs, with room for the next ones.
   */
  readonly maxAckPending?: number;
}

export interface SingleConsumeOptions extends ConsumeOptions {
  /** Messages buffered ahead of the handler, per worker (default 32). */
  readonly prefetch?: number;
}

export interface BatchConsumeOptions extends ConsumeOptions {
  /**
   * A batch closes at `maxMessages` or `maxWaitMs` (≥ 1 s) after its pull started (defaults 500,
   * 10 s).
   */
  readonly batch?: { readonly maxMessages?: number; readonly maxWaitMs?: number };
}

/** Which worker of which durable runs a handler (e.g. to pick a shard per worker). */
export interface ConsumerWorker {
  readonly durable: string;
  /** 0 … workers − 1. */
  readonly worker: number;
}

/**
 * Applies one event inside the transaction that records it in the inbox (`tx`): write through
 * `tx` only, and throw to roll back and retry. Its result is ignored.
 */
export type ConsumerHandler<T extends EventType> = (
  event: ConsumedEvent<T>,
  tx: EntityManager,
  worker: ConsumerWorker,
) => Promise<unknown>;

/** Applies a batch of events (duplicates already removed) in one transaction. */
export type ConsumerBatchHandler<T extends EventType> = (
  events: readonly ConsumedEvent<T>[],
  tx: EntityManager,
  worker: ConsumerWorker,
) => Promise<unknown>;

interface Registration {
  readonly durable: string;
  readonly eventTypes: readonly EventType[];
  readonly maxAckPending: number;
  /** One consumer per worker, built when the registration is made. */
  readonly consumers: ReadonlyArray<EventConsumer<EventType>>;
}

const DEFAULT_PREFETCH = 32;
const DEFAULT_BATCH_MAX = 500;

/**
 * The durable event consumers of one service, declared in a line each and started and stopped
 * together:
 *
 * ```ts
 * consumers
 *   .on('PayoutCompleted', { durable: 'notify-payouts' }, (event, tx) => notices.payout(tx, event))
 *   .onBatch('IncomesCredited', { durable: 'telemetry-income', batch: { maxWaitMs: 1_000 } },
 *     (events, tx) => repo.addCredits(tx, events.flatMap(creditRowsOf)));
 * await consumers.start();
 * ```
 *
 * Each registration gets everything {@link EventConsumer} guarantees — the event's JetStream
 * subject on the events stream, inbox de-duplication in the handler's transaction, protobuf
 * decoding typed by event type, bounded retries with backoff, the dead-letter stream, logs and
 * `events_consumed_total` / `events_dead_lettered_total` — and `start` creates or updates the
 * durable once before its workers pull.
 */
export class EventConsumers {
  private readonly registrations = new Map<string, Registration>();
  private started: Promise<void> | undefined;

  constructor(private readonly ctx: EventConsumersContext) {}

  /** Handles events of `types` one at a time, each in its own transaction. */
  on<T extends EventType>(
    types: T | readonly T[],
    options: SingleConsumeOptions,
    handler: ConsumerHandler<T>,
  ): this {
    const eventTypes = this.check(types, options);
    const workers = options.workers ?? 1;
    const prefetch = options.prefetch ?? DEFAULT_PREFETCH;
    return this.add<T>(eventTypes, options, workers * prefetch, (worker) => ({
      ...this.common(eventTypes, options),
      prefetch,
      handler: async (event, tx) => {
        await handler(event, tx, worker);
      },
    }));
  }

  /** Handles events of `types` in batches, one transaction per batch. */
  onBatch<T extends EventType>(
    types: T | readonly T[],
    options: BatchConsumeOptions,
    handler: ConsumerBatchHandler<T>,
  ): this {
    const eventTypes = this.check(types, options);
    const wait = options.batch?.maxWaitMs;
    // JetStream refuses shorter pulls; the worker would only log the refusal, again and again.
    if (wait !== undefined && !(wait >= 1_000))
      throw new Error(`Consumer ${options.durable}: batch.maxWaitMs must be at least 1000`);
    const workers = options.workers ?? 1;
    const max = options.batch?.maxMessages ?? DEFAULT_BATCH_MAX;
    return this.add<T>(eventTypes, options, workers * max, (worker) => ({
      ...this.common(eventTypes, options),
      batch: options.batch,
      handleBatch: async (events, tx) => {
        await handler(events, tx, worker);
      },
    }));
  }

  /** Durable names registered so far. */
  get durables(): readonly string[] {
    return [...this.registrations.keys()];
  }

  /** Creates or updates every durable, then starts its workers. A second call is a no-op. */
  start(): Promise<void> {
    this.started ??= this.startAll();
    return this.started;
  }

  /** Stops every worker: each finishes the event or batch in hand and hands back the rest. */
  async stop(): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await Promise.all(
      [...this.registrations.values()].flatMap((r) => r.consumers.map((c) => c.stop())),
    );
  }

  private async startAll(): Promise<void> {
    if (this.registrations.size === 0) return;
    const jsm = await this.ctx.nats.jetstreamManager();
    try {
      for (const r of this.registrations.values()) {
        await ensureConsumer(jsm, {
          prefix: this.ctx.prefix,
          durable: r.durable,
          eventTypes: r.eventTypes,
          // Every worker of a durable computes the same ack wait from the same options.
          ackWaitMs: r.consumers[0].ackWaitMs,
          maxAckPending: r.maxAckPending,
        });
      }
      for (const r of this.registrations.values())
        for (const consumer of r.consumers) await consumer.start();
    } catch (err) {
      await Promise.all(
        [...this.registrations.values()].flatMap((r) => r.consumers.map((c) => c.stop())),
      );
      throw err;
    }
  }

  private check<T extends EventType>(types: T | readonly T[], options: ConsumeOptions): T[] {
    if (this.started)
      throw new Error(`Consumer ${options.durable} registered after the consumers started`);
    assertDurable(options.durable);
    if (this.registrations.has(options.durable))
      // Two handlers on one durable would each see only part of its events.
      throw new Error(`Consumer ${options.durable} is registered twice`);
    const eventTypes = [...new Set<T>(typeof types === 'string' ? [types] : types)];
    if (eventTypes.length === 0)
      throw new Error(`Consumer ${options.durable} needs at least one event type`);
    const workers = options.workers ?? 1;
    if (!Number.isSafeInteger(workers) || workers < 1)
      throw new Error(`Consumer ${options.durable} needs at least one worker`);
    return eventTypes;
  }

  private common<T extends EventType>(eventTypes: readonly T[], options: ConsumeOptions) {
    return {
      nats: this.ctx.nats,
      dataSource: this.ctx.dataSource,
      schema: this.ctx.schema,
      prefix: this.ctx.prefix,
      logger: this.ctx.logger,
      durable: options.durable,
      eventTypes,
      maxDeliver: options.maxDeliver,
      backoffMs: options.backoffMs,
      ackWaitMs: options.ackWaitMs,
      // The durable is ensured once for all workers in start().
      ensure: false,
    } as const;
  }

  private add<T extends EventType>(
    eventTypes: readonly EventType[],
    options: ConsumeOptions,
    inFlightPerPull: number,
    build: (worker: ConsumerWorker) => EventConsumerOptions<T>,
  ): this {
    const workers = options.workers ?? 1;
    const consumers = Array.from(
      { length: workers },
      // A handler typed for T only ever receives events of T: the consumer filters on them.
      (_, worker) =>
        new EventConsumer(
          build({ durable: options.durable, worker }),
        ) as unknown as EventConsumer<EventType>,
    );
    this.registrations.set(options.durable, {
      durable: options.durable,
      eventTypes,
      maxAckPending: options.maxAckPending ?? Math.max(1_000, inFlightPerPull * 2),
      consumers,
    });
    return this;
  }
}
