import type { JetStreamClient, NatsConnection } from 'nats';
import { Client, type ClientConfig, type Notification } from 'pg';
import type { DataSource } from 'typeorm';

import { headersFromJson, toNatsHeaders } from './event-headers';
import { errorMessage, silentLogger, type MessagingLogger } from './messaging-logger';
import { messagingMetrics, registerBacklogSource } from './messaging.metrics';
import { assertPrefix, eventsStreamName, outboxChannel, qualifiedTable } from './naming';
import { OUTBOX_TABLE } from './outbox.entity';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  /** Schema holding the outbox table. */
  readonly schema: string;
  readonly nats: NatsConnection;
  /** NATS prefix; publishes must land in `${prefix}EVENTS`. */
  readonly prefix: string;
  /** Poll period when no NOTIFY arrives (default 250 ms). */
  readonly pollMs?: number;
  /** Rows per transaction (default 100). */
  readonly batchSize?: number;
  /** Wait for each PubAck at most this long (default 5 s). */
  readonly publishTimeoutMs?: number;
  /** First and longest pause after a failed batch (default 200 ms, 10 s). */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** LISTEN for the outbox's NOTIFY on a dedicated connection (default true). */
  readonly listen?: boolean;
  readonly logger?: MessagingLogger;
  /**
   * Test hook run after the PubAcks and before rows are marked published; throwing simulates
   * a crash at the worst moment (the batch rolls back and is published again later).
   */
  readonly afterPublish?: (eventIds: readonly string[]) => void | Promise<void>;
}

interface PendingRow {
  id: string;
  subject: string;
  payload: Buffer;
  headers: unknown;
}

/**
 * Publishes outbox rows to JetStream and marks them published. Safe with several replicas:
 * each batch locks its rows with `FOR UPDATE SKIP LOCKED`. At-least-once: a crash between
 * the PubAck and the commit republishes the rows, with `Nats-Msg-Id` = event id so JetStream
 * drops the copy inside its duplicate window and consumers' inboxes drop it after.
 */
export class OutboxRelay {
  private readonly table: string;
  private readonly channel: string;
  private readonly js: JetStreamClient;
  private readonly log: MessagingLogger;
  private readonly pollMs: number;
  private readonly batchSize: number;

  private running = false;
  private loop: Promise<void> | undefined;
  private listener: Client | undefined;
  private nextListenAttempt = 0;
  private notified = false;
  private wake: (() => void) | undefined;
  private unregisterBacklog: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    assertPrefix(options.prefix);
    this.table = qualifiedTable(options.schema, OUTBOX_TABLE);
    this.channel = outboxChannel(options.schema);
    this.js = options.nats.jetstream();
    this.log = options.logger ?? silentLogger;
    this.pollMs = options.pollMs ?? 250;
    this.batchSize = options.batchSize ?? 100;
  }

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.unregisterBacklog = registerBacklogSource(this.options.schema, () => this.backlog());
    this.loop = this.run();
  }

  /** Stops after the in-flight batch has committed or rolled back. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    await this.closeListener();
    this.unregisterBacklog?.();
    this.unregisterBacklog = undefined;
  }

  /** Unpublished rows (ops and readiness). */
  async backlog(): Promise<number> {
    const rows: Array<{ n: number }> = await this.options.dataSource.query(
      `SELECT count(*)::int AS n FROM ${this.table} WHERE published_at IS NULL`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Publishes one batch now; resolves with the number of rows marked published. */
  async relayOnce(): Promise<number> {
    const runner = this.options.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows = (await runner.query(
        `SELECT id, subject, payload, headers FROM ${this.table}
         WHERE published_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      )) as PendingRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const stream = eventsStreamName(this.options.prefix);
      const results = await Promise.allSettled(
        rows.map((row) =>
          this.js.publish(row.subject, row.payload, {
            msgID: row.id,
            headers: toNatsHeaders(headersFromJson(row.headers)),
            expect: { streamName: stream },
            timeout: this.options.publishTimeoutMs ?? 5_000,
          }),
        ),
      );
      const sent = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i].status === 'rejected').map((r) => r.id);
      if (sent.length > 0) await this.options.afterPublish?.(sent);
      await runner.query(
        `UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`,
        [sent],
      );
      if (failed.length > 0) {
        await runner.query(
          `UPDATE ${this.table} SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])`,
          [failed],
        );
      }
      await runner.commitTransaction();
      messagingMetrics.outboxPublished.inc({ schema: this.options.schema }, sent.length);
      if (failed.length > 0) {
        messagingMetrics.outboxPublishErrors.inc({ schema: this.options.schema }, failed.length);
        const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        throw new Error(
          `${failed.length} of ${rows.length} outbox rows not published: ${errorMessage(first?.reason)}`,
        );
      }
      return sent.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (this.options.listen !== false && !this.listener && Date.now() >= this.nextListenAttempt) {
        await this.openListener();
      }
      this.notified = false;
      try {
        const published = await this.relayOnce();
        failures = 0;
        // A full batch means more rows are probably waiting.
        if (published >= this.batchSize) continue;
      } catch (err) {
        failures += 1;
        const delay = Math.min(
          (this.options.retryInitialMs ?? 200) * 2 ** (failures - 1),
          this.options.retryMaxMs ?? 10_000,
        );
        this.log.warn(
          { err: errorMessage(err), schema: this.options.schema, retryInMs: delay },
          'outbox relay batch failed',
        );
        await this.pause(delay, false);
        continue;
      }
      await this.pause(this.pollMs, true);
    }
  }

  /** Waits `ms`, or less when stopped (or, if `wakeOnNotify`, when an event was added). */
  private pause(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (!this.running || (wakeOnNotify && this.notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = () => {
        if (!this.running || wakeOnNotify) done();
      };
    });
  }

  private async openListener(): Promise<void> {
    const client = new Client(listenConfig(this.options.dataSource));
    client.on('error', (err: Error) => {
      this.log.warn(
        { err: err.message, schema: this.options.schema },
        'outbox LISTEN connection lost; polling',
      );
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    });
    client.on('notification', (n: Notification) => {
      if (n.channel !== this.channel) return;
      this.notified = true;
      this.wake?.();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
      this.listener = client;
    } catch (err) {
      this.nextListenAttempt = Date.now() + 5_000;
      this.log.warn(
        { err: errorMessage(err), schema: this.options.schema },
        'outbox LISTEN failed; polling',
      );
      await client.end().catch(() => undefined);
    }
  }

  private async closeListener(): Promise<void> {
    const client = this.listener;
    this.listener = undefined;
    await client?.end().catch(() => undefined);
  }
}

/** Connection settings of the DataSource, for a dedicated LISTEN connection outside its pool. */
function listenConfig(dataSource: DataSource): ClientConfig {
  const o = dataSource.options;
  if (o.type !== 'postgres')
    throw new Error(`OutboxRelay needs a postgres DataSource, got ${o.type}`);
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
    // TypeORM passes the same TLS options to pg.
    ssl: o.ssl as ClientConfig['ssl'],
    application_name: `${o.applicationName ?? 'trafficshare'}-outbox-listen`,
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  };
}
