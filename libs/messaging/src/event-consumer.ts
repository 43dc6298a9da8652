import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Link,
} from '@opentelemetry/api';
import type { ConsumerMessages, JetStreamClient, JsMsg, NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';

import {
  EventHeader,
  extractTraceContext,
  fromNatsHeaders,
  headerSafe,
  MSG_ID_HEADER,
  toNatsHeaders,
} from './event-headers';
import { decodeEvent, isEventType, type EventMessage, type EventType } from './event-registry';
import { INBOX_TABLE } from './inbox.entity';
import { errorMessage, silentLogger, type MessagingLogger } from './messaging-logger';
import { messagingMetrics, type ConsumeResult } from './messaging.metrics';
import {
  assertDurable,
  dlqSubject,
  eventsStreamName,
  eventTypeOfSubject,
  qualifiedTable,
} from './naming';
import { ensureConsumer } from './stream-provisioning';

/** An event as a handler sees it; `message` is typed by `type`. */
export type ConsumedEvent<T extends EventType = EventType> = {
  [K in T]: {
    /** Event id (the producer's outbox row id); the inbox key. */
    readonly id: string;
    readonly type: K;
    readonly message: EventMessage<K>;
    readonly occurredAt: Date;
    /** 1 on the first delivery. */
    readonly deliveryCount: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly streamSequence: number;
  };
}[T];

/** Applies one event inside the transaction that also records it in the inbox. */
export type EventHandler<T extends EventType> = (
  event: ConsumedEvent<T>,
  manager: EntityManager,
) => Promise<void>;

/** Applies many events in one transaction; duplicates were already filtered out. */
export type BatchEventHandler<T extends EventType> = (
  events: readonly ConsumedEvent<T>[],
  manager: EntityManager,
) => Promise<void>;

interface EventConsumerCommonOptions<T extends EventType> {
  readonly nats: NatsConnection;
  readonly dataSource: DataSource;
  /** Schema holding the inbox table. */
  readonly schema: string;
  readonly prefix: string;
  /** Durable consumer name: the inbox's `consumer` column and the DLQ subject suffix. */
  readonly durable: string;
  readonly eventTypes: readonly T[];
  /** Deliveries before a failing event goes to the DLQ (default 5). */
  readonly maxDeliver?: number;
  /** Pause before redelivery after the n-th failure; the last value repeats. */
  readonly backoffMs?: readonly number[];
  /** Redelivery after this long without ack (crashed worker); default 30 s. Kept alive while handling. */
  readonly ackWaitMs?: number;
  /** Create or update the durable consumer on start (default true). The stream must exist. */
  readonly ensure?: boolean;
  readonly logger?: MessagingLogger;
}

export interface SingleEventConsumerOptions<
  T extends EventType,
> extends EventConsumerCommonOptions<T> {
  readonly handler: EventHandler<T>;
  readonly handleBatch?: never;
  /** Messages buffered ahead of the handler (default 32); their ack wait runs while buffered. */
  readonly prefetch?: number;
}

export interface BatchEventConsumerOptions<
  T extends EventType,
> extends EventConsumerCommonOptions<T> {
  readonly handleBatch: BatchEventHandler<T>;
  readonly handler?: never;
  /** A batch closes at `maxMessages` or `maxWaitMs` after the pull started (defaults 500, 10 s). */
  readonly batch?: { readonly maxMessages?: number; readonly maxWaitMs?: number };
}

export type EventConsumerOptions<T extends EventType> =
  SingleEventConsumerOptions<T> | BatchEventConsumerOptions<T>;

type Prepared<T extends EventType> =
  | { readonly kind: 'event'; readonly msg: JsMsg; readonly event: ConsumedEvent<T> }
  | { readonly kind: 'skip'; readonly msg: JsMsg; readonly type: string }
  | {
      readonly kind: 'poison';
      readonly msg: JsMsg;
      readonly type: string;
      readonly reason: string;
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_BACKOFF_MS = [1_000, 5_000, 15_000, 60_000];
const tracer = trace.getTracer('@trafficshare/messaging');

/**
 * Consumes events from a durable pull consumer with exactly-once effect: each event's inbox
 * row and the handler's writes commit in one transaction, the ack follows the commit, and a
 * redelivered event finds its inbox row and is acked without running the handler.
 *
 * A failing event is nak'd with backoff; on its `maxDeliver`-th delivery it is published to
 * `${prefix}dlq.${durable}` with a `ts-error` header and terminated. Undecodable events go to
 * the DLQ at once. Other events keep flowing meanwhile.
 */
export class EventConsumer<T extends EventType> {
  private readonly js: JetStreamClient;
  private readonly log: MessagingLogger;
  private readonly inbox: string;
  private readonly types: ReadonlySet<string>;
  private readonly maxDeliver: number;
  private readonly backoffMs: readonly number[];
  /** Redelivery after this long without ack (at least a batch's wait + 5 s). */
  readonly ackWaitMs: number;

  private running = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private readonly inFlight = new Set<JsMsg>();
  private keepAlive: NodeJS.Timeout | undefined;
  private retryTimer: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(private readonly options: EventConsumerOptions<T>) {
    assertDurable(options.durable);
    this.js = options.nats.jetstream();
    this.log = options.logger ?? silentLogger;
    this.inbox = qualifiedTable(options.schema, INBOX_TABLE);
    this.types = new Set(options.eventTypes);
    this.maxDeliver = options.maxDeliver ?? 5;
    this.backoffMs =
      options.backoffMs && options.backoffMs.length > 0 ? options.backoffMs : DEFAULT_BACKOFF_MS;
    const batchWait = options.handleBatch ? (options.batch?.maxWaitMs ?? 10_000) : 0;
    // A batch's first message waits for the batch to fill: its ack deadline must outlast that.
    this.ackWaitMs = Math.max(options.ackWaitMs ?? 30_000, batchWait + 5_000);
  }

  get durable(): string {
    return this.options.durable;
  }

  async start(): Promise<void> {
    if (this.loop) return;
    if (this.options.ensure !== false) {
      await ensureConsumer(await this.options.nats.jetstreamManager(), {
        prefix: this.options.prefix,
        durable: this.options.durable,
        eventTypes: this.options.eventTypes,
        ackWaitMs: this.ackWaitMs,
      });
    }
    this.running = true;
    // Long handlers and filling batches must not hit the ack deadline.
    this.keepAlive = setInterval(
      () => {
        for (const msg of this.inFlight) msg.working();
      },
      Math.max(200, Math.floor(this.ackWaitMs / 3)),
    );
    this.keepAlive.unref();
    this.loop = this.run();
  }

  /** Stops pulling, finishes the event in hand, returns buffered ones, flushes acks. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.messages?.stop();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer.timer);
      this.retryTimer.resolve();
    }
    await this.loop;
    this.loop = undefined;
    clearInterval(this.keepAlive);
    this.keepAlive = undefined;
    if (!this.options.nats.isClosed()) await this.options.nats.flush().catch(() => undefined);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.js.consumers.get(
          eventsStreamName(this.options.prefix),
          this.options.durable,
        );
        if (this.options.handleBatch) {
          const max = this.options.batch?.maxMessages ?? 500;
          const expires = this.options.batch?.maxWaitMs ?? 10_000;
          while (this.running) {
            this.messages = await consumer.fetch({ max_messages: max, expires });
            // stop() ran while the pull was being set up: it could not end this one.
            if (!this.running) this.messages.stop();
            const batch: JsMsg[] = [];
            for await (const msg of this.messages) {
              this.inFlight.add(msg);
              batch.push(msg);
            }
            this.messages = undefined;
            if (batch.length > 0) await this.processBatch(batch, this.options.handleBatch);
          }
        } else {
          this.messages = await consumer.consume({ max_messages: this.options.prefetch ?? 32 });
          if (!this.running) this.messages.stop();
          for await (const msg of this.messages) {
            if (!this.running) {
              // Hand buffered messages back at once rather than after the ack wait.
              msg.nak();
              continue;
            }
            this.inFlight.add(msg);
            await this.processBatch([msg], undefined);
          }
          this.messages = undefined;
          if (this.running) throw new Error('message iterator ended');
        }
      } catch (err) {
        this.messages = undefined;
        // Messages of a broken iterator are redelivered after the ack wait.
        this.inFlight.clear();
        if (!this.running) break;
        this.log.warn(
          { err: errorMessage(err), consumer: this.options.durable },
          'event consumer loop failed; restarting',
        );
        await this.retryPause(1_000);
      }
    }
  }

  private retryPause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.retryTimer = undefined;
        resolve();
      }, ms);
      this.retryTimer = { timer, resolve };
    });
  }

  /** Settles every message of a pull: poison and foreign ones at once, the rest in one transaction. */
  private async processBatch(
    msgs: readonly JsMsg[],
    batchHandler: BatchEventHandler<T> | undefined,
  ): Promise<void> {
    const events: Array<{ msg: JsMsg; event: ConsumedEvent<T> }> = [];
    for (const msg of msgs) {
      const p = this.prepare(msg);
      if (p.kind === 'skip') {
        this.settle(msg, p.type, 'skipped');
        msg.ack();
      } else if (p.kind === 'poison') {
        await this.deadLetter(msg, p.type, p.reason);
      } else if (p.event.deliveryCount > this.maxDeliver) {
        // Its earlier deliveries never settled (the worker died mid-handler): stop the loop here.
        await this.deadLetter(msg, p.event.type, `not settled after ${this.maxDeliver} deliveries`);
      } else {
        events.push({ msg: p.msg, event: p.event });
      }
    }
    if (events.length > 0) await this.applyIsolating(events, batchHandler);
  }

  /**
   * Applies the events as one batch; when that fails, bisects so that good events still commit
   * in (smaller) batches and only the failing event is retried or dead-lettered.
   */
  private async applyIsolating(
    items: ReadonlyArray<{ msg: JsMsg; event: ConsumedEvent<T> }>,
    batchHandler: BatchEventHandler<T> | undefined,
  ): Promise<void> {
    try {
      await this.apply(items, batchHandler);
    } catch (err) {
      if (items.length === 1) {
        await this.fail(items[0].msg, items[0].event, err);
        return;
      }
      const mid = Math.ceil(items.length / 2);
      await this.applyIsolating(items.slice(0, mid), batchHandler);
      await this.applyIsolating(items.slice(mid), batchHandler);
    }
  }

  /** Inbox + handler in one transaction, then acks. Throws (rolled back, nothing acked) on failure. */
  private async apply(
    items: ReadonlyArray<{ msg: JsMsg; event: ConsumedEvent<T> }>,
    batchHandler: BatchEventHandler<T> | undefined,
  ): Promise<void> {
    const byId = new Map<string, ConsumedEvent<T>>();
    for (const { event } of items) if (!byId.has(event.id)) byId.set(event.id, event);
    const single = items.length === 1 ? items[0].event : undefined;
    const parent = single ? extractTraceContext(single.headers) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      single ? `${single.type} process` : `${this.options.durable} process batch`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'nats',
          'messaging.consumer.group.name': this.options.durable,
          'messaging.batch.message_count': items.length,
          ...(single
            ? { 'messaging.message.id': single.id, 'messaging.destination.name': single.type }
            : {}),
        },
        links: single ? [] : items.flatMap(({ event }) => linkOf(event.headers)),
      },
      parent,
    );
    let fresh: ConsumedEvent<T>[] = [];
    try {
      // The handler's own spans (and the events it adds to its outbox) continue this trace.
      await context.with(trace.setSpan(parent, span), () =>
        this.options.dataSource.transaction(async (manager) => {
          const rows: Array<{ event_id: string }> = await manager.query(
            `INSERT INTO ${this.inbox} (consumer, event_id) SELECT $1, unnest($2::uuid[])
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [this.options.durable, [...byId.keys()]],
          );
          const claimed = new Set(rows.map((r) => r.event_id));
          fresh = [...byId.values()].filter((e) => claimed.has(e.id));
          if (fresh.length === 0) return;
          if (batchHandler) await batchHandler(fresh, manager);
          else if (!this.options.handleBatch) await this.options.handler(fresh[0], manager);
        }),
      );
    } catch (err) {
      span.recordException(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      span.end();
      throw err;
    }
    span.end();
    const freshIds = new Set(fresh.map((e) => e.id));
    for (const { msg, event } of items) {
      msg.ack();
      const first = freshIds.delete(event.id);
      this.settle(msg, event.type, first ? 'processed' : 'duplicate');
    }
  }

  private async fail(msg: JsMsg, event: ConsumedEvent<T>, err: unknown): Promise<void> {
    const reason = errorMessage(err);
    if (event.deliveryCount >= this.maxDeliver) {
      await this.deadLetter(msg, event.type, reason);
      return;
    }
    const delay = this.backoffMs[Math.min(event.deliveryCount - 1, this.backoffMs.length - 1)];
    this.log.warn(
      {
        err: reason,
        consumer: this.options.durable,
        eventId: event.id,
        type: event.type,
        delivery: event.deliveryCount,
        retryInMs: delay,
      },
      'event handler failed; will retry',
    );
    msg.nak(delay);
    this.settle(msg, event.type, 'retried');
  }

  /** Copies the message to the DLQ stream, then terminates it; if the copy fails it is retried later. */
  private async deadLetter(msg: JsMsg, type: string, reason: string): Promise<void> {
    // JetStream's own headers (msg id, expected stream) would make the DLQ publish fail or dedupe.
    const original = Object.entries(fromNatsHeaders(msg.headers)).filter(
      ([k]) => !/^nats-/i.test(k),
    );
    const headers = toNatsHeaders({
      ...Object.fromEntries(original),
      [EventHeader.Error]: headerSafe(reason),
      [EventHeader.DeadLetterConsumer]: this.options.durable,
      [EventHeader.DeliveryCount]: String(msg.info.deliveryCount),
      [EventHeader.OriginalSubject]: msg.subject,
      [EventHeader.OriginalSequence]: String(msg.info.streamSequence),
    });
    try {
      await this.js.publish(dlqSubject(this.options.prefix, this.options.durable), msg.data, {
        headers,
        // One dead letter per original message and consumer, even if we die before term().
        msgID: `${this.options.durable}:${msg.info.streamSequence}`,
      });
    } catch (err) {
      this.log.error(
        { err: errorMessage(err), consumer: this.options.durable },
        'dead-letter publish failed; will retry',
      );
      msg.nak(this.backoffMs[this.backoffMs.length - 1]);
      this.settle(msg, type, 'retried');
      return;
    }
    msg.term();
    messagingMetrics.eventsDeadLettered.inc({ consumer: this.options.durable });
    this.settle(msg, type, 'dead_lettered');
    this.log.error(
      {
        consumer: this.options.durable,
        type,
        reason,
        delivery: msg.info.deliveryCount,
        seq: msg.info.streamSequence,
      },
      'event dead-lettered',
    );
  }

  private settle(msg: JsMsg, type: string, result: ConsumeResult): void {
    this.inFlight.delete(msg);
    messagingMetrics.eventsConsumed.inc({ consumer: this.options.durable, type, result });
  }

  private prepare(msg: JsMsg): Prepared<T> {
    const headers = fromNatsHeaders(msg.headers);
    const type =
      headers[EventHeader.EventType] ?? eventTypeOfSubject(this.options.prefix, msg.subject) ?? '';
    // A server without multi-subject filters delivers every event type to this consumer.
    if (!this.types.has(type) || !isEventType(type))
      return { kind: 'skip', msg, type: type || 'unknown' };
    const id = headers[EventHeader.EventId] ?? headers[MSG_ID_HEADER] ?? '';
    if (!UUID.test(id))
      return { kind: 'poison', msg, type, reason: `event id "${id}" is not a uuid` };
    let message: EventMessage<T>;
    try {
      message = decodeEvent(type as T, msg.data);
    } catch (err) {
      return {
        kind: 'poison',
        msg,
        type,
        reason: `undecodable ${type} payload: ${errorMessage(err)}`,
      };
    }
    const stamped = headers[EventHeader.OccurredAt]
      ? new Date(headers[EventHeader.OccurredAt])
      : undefined;
    const occurredAt =
      stamped && !Number.isNaN(stamped.getTime())
        ? stamped
        : new Date(Math.floor(msg.info.timestampNanos / 1e6));
    // `type` and `message` belong together by construction; TypeScript cannot see it through T.
    const event = {
      id,
      type,
      message,
      occurredAt,
      deliveryCount: msg.info.deliveryCount,
      headers,
      streamSequence: msg.info.streamSequence,
    } as unknown as ConsumedEvent<T>;
    return { kind: 'event', msg, event };
  }
}

function linkOf(headers: Readonly<Record<string, string>>): Link[] {
  const ctx = trace.getSpanContext(extractTraceContext(headers));
  return ctx ? [{ context: ctx }] : [];
}
