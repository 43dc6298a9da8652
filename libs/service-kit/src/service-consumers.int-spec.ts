import { randomUUID } from 'node:crypto';

import { Injectable, Module } from '@nestjs/common';
import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { register } from 'prom-client';
import { EntitySchema, type MigrationInterface, type QueryRunner } from 'typeorm';

import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigSpec,
} from '@trafficshare/config';
import { encodeEvent, eventsStreamName, eventSubject } from '@trafficshare/messaging';
import { createTestContext, freePort, pollUntil, startApp } from '@trafficshare/testing';

import { bootstrapService, type RunningService } from './bootstrap-service';
import { ServiceConsumers } from './service-consumers';

const svc = SERVICES['notify-svc'];
const shape = { ...baseShape, ...infraShape, ...serviceShape(svc) };
const configSpec: ConfigSpec<typeof shape> = { app: 'notify-svc', shape };

interface Greeting {
  id: number;
  telegramId: string;
  firstName: string;
}

const GreetingEntity = new EntitySchema<Greeting>({
  name: 'Greeting',
  tableName: 'greetings',
  columns: {
    id: { name: 'id', type: 'int', primary: true, generated: 'increment' },
    // No unique key on purpose: only the inbox stands between a redelivery and a second row.
    telegramId: { name: 'telegram_id', type: 'bigint' },
    firstName: { name: 'first_name', type: 'text' },
  },
});

// Stands in for a service's generated Init migration: the kit's outbox/inbox and the greetings.
class Tables1700000000000 implements MigrationInterface {
  name = 'Tables1700000000000';
  async up(q: QueryRunner): Promise<void> {
    const sql = await q.connection.driver.createSchemaBuilder().log();
    for (const statement of sql.upQueries) await q.query(statement.query);
  }
  async down(): Promise<void> {}
}

const DURABLE = 'kit-greetings';

/** What a notify-svc feature looks like: one declaration in its constructor. */
@Injectable()
class GreetingsConsumer {
  constructor(consumers: ServiceConsumers) {
    consumers.on('UserRegistered', { durable: DURABLE }, (event, tx) =>
      tx.query(`INSERT INTO greetings (telegram_id, first_name) VALUES ($1, $2)`, [
        event.message.telegramId,
        event.message.firstName,
      ]),
    );
  }
}

@Module({ providers: [GreetingsConsumer] })
class GreetingsModule {}

describe(ServiceConsumers.name, () => {
  const ctx = createTestContext('kit_consumers');
  let running: RunningService;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: ctx.natsUrl, name: 'test-kit-consumers' });
    running = await startApp(
      ({ env, handleSignals }) =>
        bootstrapService({
          service: 'notify-svc',
          configSpec,
          module: GreetingsModule,
          entities: [GreetingEntity],
          migrations: [Tables1700000000000],
          env,
          handleSignals,
        }),
      {
        ...ctx.env,
        GRPC_PORT: String(await freePort()),
        METRICS_PORT: String(await freePort()),
        OUTBOX_POLL_MS: '50',
      },
    );
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await nc?.drain();
    await ctx.cleanup();
  });

  const greetings = () =>
    running.context.dataSource.query<Array<{ telegram_id: string; first_name: string }>>(
      `SELECT telegram_id, first_name FROM greetings ORDER BY telegram_id`,
    );
  const duplicates = async () =>
    (await register.getSingleMetric('events_consumed_total')?.get())?.values.find(
      (v) => v.labels.consumer === DURABLE && v.labels.result === 'duplicate',
    )?.value ?? 0;

  it('starts the consumers a module declares with the service and applies each event once', async () => {
    const eventId = await running.context.dataSource.transaction((tx) =>
      running.context.outbox.add(tx, 'UserRegistered', {
        telegramId: 501,
        username: 'aziza',
        firstName: 'Aziza',
        language: 'uz',
        registeredAt: new Date().toISOString(),
      }),
    );
    await pollUntil(async () => (await greetings()).length === 1, {
      description: 'the greeting written by the consumer',
    });
    // The same event again under another msg id: the inbox in the service's schema drops it.
    const h = natsHeaders();
    h.set('ts-event-id', eventId);
    h.set('ts-event-type', 'UserRegistered');
    await nc.jetstream().publish(
      eventSubject(ctx.natsPrefix, 'UserRegistered'),
      encodeEvent('UserRegistered', {
        telegramId: 501,
        username: 'aziza',
        firstName: 'Aziza',
        language: 'uz',
        registeredAt: '',
      }),
      { msgID: randomUUID(), headers: h },
    );
    await pollUntil(async () => (await duplicates()) === 1, { description: 'the duplicate' });
    expect(await greetings()).toEqual([{ telegram_id: '501', first_name: 'Aziza' }]);
    const inbox = await running.context.dataSource.query<Array<{ consumer: string }>>(
      `SELECT consumer FROM inbox WHERE event_id = $1`,
      [eventId],
    );
    expect(inbox).toEqual([{ consumer: DURABLE }]);
  });

  it('stops its consumers when the service stops', async () => {
    await running.stop();
    const jsm = await nc.jetstreamManager();
    await nc.jetstream().publish(
      eventSubject(ctx.natsPrefix, 'UserRegistered'),
      encodeEvent('UserRegistered', {
        telegramId: 502,
        username: '',
        firstName: 'Bekzod',
        language: 'uz',
        registeredAt: '',
      }),
      { msgID: randomUUID(), headers: eventHeaders('UserRegistered') },
    );
    // The durable outlives the service and keeps the event for the next start.
    const info = await pollUntil(
      async () => {
        const i = await jsm.consumers.info(eventsStreamName(ctx.natsPrefix), DURABLE);
        return i.num_pending === 1 ? i : undefined;
      },
      { description: 'the event pending on the durable' },
    );
    expect(info.num_ack_pending).toBe(0);
  });
});

function eventHeaders(type: string) {
  const h = natsHeaders();
  h.set('ts-event-id', randomUUID());
  h.set('ts-event-type', type);
  return h;
}
