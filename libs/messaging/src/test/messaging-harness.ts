// Test-only wiring for the messaging integration tests: real Postgres and NATS, one schema and
// one NATS prefix per scenario, everything closed and removed by close().
import {
  connect,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  type StoredMsg,
} from 'nats';
import { register } from 'prom-client';
import { DataSource, EntitySchema, type EntityManager } from 'typeorm';

import { createTestContext, type TestContext } from '@trafficshare/testing';

import type { ConsumedEvent } from '../event-consumer';
import { EventConsumer, type EventConsumerOptions } from '../event-consumer';
import type { EventMessage } from '../event-registry';
import { createInboxEntity } from '../inbox.entity';
import { dlqStreamName, eventsStreamName } from '../naming';
import { Outbox } from '../outbox';
import { OutboxRelay, type OutboxRelayOptions } from '../outbox-relay';
import { createOutboxEntity } from '../outbox.entity';
import { ensureStreams } from '../stream-provisioning';

/** What a test handler writes: one row per application of an event (no unique key on purpose). */
interface EffectRow {
  id: number;
  consumer: string;
  eventId: string;
  sessionId: string;
  seq: number;
}

function createEffectEntity(schema: string): EntitySchema<EffectRow> {
  return new EntitySchema<EffectRow>({
    name: `Effect_${schema}`,
    tableName: 'effects',
    schema,
    columns: {
      id: { name: 'id', type: 'int', primary: true, generated: 'increment' },
      consumer: { name: 'consumer', type: 'text' },
      eventId: { name: 'event_id', type: 'uuid' },
      sessionId: { name: 'session_id', type: 'text' },
      seq: { name: 'seq', type: 'int' },
    },
  });
}

/** The sample event type of these tests: one outbox row / stream message carries a batch. */
export type Reports = EventMessage<'ReportsIngested'>;
/** One item of a ReportsIngested (never published on its own). */
export type Report = Reports['reports'][number];

export function report(overrides: Partial<Report> = {}): Report {
  return {
    sessionId: 'session-1',
    telegramId: 1001,
    deviceId: 'device-1',
    seq: 1,
    deltaMilliMb: 2_500,
    countedAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

/** A ReportsIngested carrying the given items. */
export function reports(...items: Report[]): Reports {
  return { reports: items };
}

/** The single item of a one-report ReportsIngested, as the tests publish them. */
export function onlyReport(message: Reports): Report {
  if (message.reports.length !== 1) {
    throw new Error(`expected one report in the event, got ${message.reports.length}`);
  }
  return message.reports[0];
}

/** Test consumer options: short ack wait and backoff so the suite stays fast. */
type Injected = 'nats' | 'dataSource' | 'schema' | 'prefix' | 'eventTypes';
type ScenarioConsumerOptions =
  EventConsumerOptions<'ReportsIngested'> extends infer O
    ? O extends EventConsumerOptions<'ReportsIngested'>
      ? Omit<O, Injected>
      : never
    : never;

export class Scenario {
  private readonly relays: OutboxRelay[] = [];
  private readonly consumers: Array<EventConsumer<'ReportsIngested'>> = [];

  constructor(
    readonly schema: string,
    readonly prefix: string,
    readonly dataSource: DataSource,
    readonly outbox: Outbox,
    private readonly harness: MessagingHarness,
  ) {}

  /** Adds a ReportsIngested carrying this one report in its own committed transaction. */
  addReport(item: Report = report(), eventId?: string): Promise<string> {
    return this.dataSource.transaction((manager) =>
      this.outbox.add(manager, 'ReportsIngested', reports(item), { eventId }),
    );
  }

  relay(options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    const relay = new OutboxRelay({
      dataSource: this.dataSource,
      schema: this.schema,
      nats: this.harness.nc,
      prefix: this.prefix,
      pollMs: 50,
      retryInitialMs: 50,
      retryMaxMs: 200,
      ...options,
    });
    this.relays.push(relay);
    return relay;
  }

  async consumer(options: ScenarioConsumerOptions): Promise<EventConsumer<'ReportsIngested'>> {
    const consumer = new EventConsumer<'ReportsIngested'>({
      ackWaitMs: 2_000,
      backoffMs: [50, 100],
      logger: process.env.TEST_LOG ? { warn: console.warn, error: console.error } : undefined,
      ...options,
      nats: this.harness.nc,
      dataSource: this.dataSource,
      schema: this.schema,
      prefix: this.prefix,
      eventTypes: ['ReportsIngested'],
    });
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  /** The test handler's effect: one row per application. */
  async applyEffect(
    manager: EntityManager,
    consumer: string,
    event: ConsumedEvent<'ReportsIngested'>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO "${this.schema}".effects (consumer, event_id, session_id, seq) VALUES ($1, $2, $3, $4)`,
      [consumer, event.id, onlyReport(event.message).sessionId, onlyReport(event.message).seq],
    );
  }

  async effects(): Promise<Array<{ event_id: string; session_id: string; seq: number }>> {
    return this.dataSource.query(
      `SELECT event_id, session_id, seq FROM "${this.schema}".effects ORDER BY id`,
    );
  }

  async outboxRows(): Promise<Array<{ id: string; published_at: Date | null; attempts: number }>> {
    return this.dataSource.query(
      `SELECT id, published_at, attempts FROM "${this.schema}".outbox ORDER BY created_at`,
    );
  }

  async streamCount(): Promise<number> {
    return (await this.harness.jsm.streams.info(eventsStreamName(this.prefix))).state.messages;
  }

  async eventAt(seq: number): Promise<StoredMsg> {
    return this.harness.jsm.streams.getMessage(eventsStreamName(this.prefix), { seq });
  }

  async deadLetters(): Promise<StoredMsg[]> {
    const info = await this.harness.jsm.streams.info(dlqStreamName(this.prefix));
    const out: StoredMsg[] = [];
    for (
      let seq = info.state.first_seq;
      seq <= info.state.last_seq && info.state.messages > 0;
      seq += 1
    ) {
      out.push(await this.harness.jsm.streams.getMessage(dlqStreamName(this.prefix), { seq }));
    }
    return out;
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await Promise.all(this.relays.map((r) => r.stop()));
  }
}

export class MessagingHarness {
  private readonly scenarios: Scenario[] = [];

  private constructor(
    readonly ctx: TestContext,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly js: JetStreamClient,
  ) {}

  static async create(label: string): Promise<MessagingHarness> {
    const ctx = createTestContext(label);
    const nc = await connect({ servers: ctx.natsUrl, name: `test-${label}` });
    return new MessagingHarness(ctx, nc, await nc.jetstreamManager(), nc.jetstream());
  }

  /** A fresh schema (outbox, inbox, effects tables) and NATS prefix (streams created unless told not to). */
  async scenario(name: string, options: { streams?: boolean } = {}): Promise<Scenario> {
    const schema = await this.ctx.createSchema(name);
    const prefix = `${this.ctx.natsPrefix}${name}_`;
    const dataSource = new DataSource({
      type: 'postgres',
      url: this.ctx.databaseUrl,
      schema,
      entities: [createOutboxEntity(schema), createInboxEntity(schema), createEffectEntity(schema)],
      synchronize: true,
      logging: false,
      extra: { max: 8 },
    });
    await dataSource.initialize();
    if (options.streams !== false) await ensureStreams(this.jsm, prefix);
    const scenario = new Scenario(schema, prefix, dataSource, new Outbox(schema, prefix), this);
    this.scenarios.push(scenario);
    return scenario;
  }

  async close(): Promise<void> {
    await Promise.all(this.scenarios.map((s) => s.stop()));
    await Promise.all(this.scenarios.map((s) => s.dataSource.destroy()));
    await this.nc.drain();
    await this.ctx.cleanup();
  }
}

/** Current value of a prom-client counter or gauge series (0 when absent). */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  const match = data.values.find((v) =>
    Object.entries(labels).every(([k, val]) => v.labels[k] === val),
  );
  return match?.value ?? 0;
}
