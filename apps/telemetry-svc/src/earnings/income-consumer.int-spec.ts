import { randomUUID } from 'node:crypto';

import { AckPolicy, connect, headers as natsHeaders, type NatsConnection } from 'nats';

import type { events } from '@trafficshare/contracts';
import {
  encodeEvent,
  ensureStreams,
  eventSubject,
  eventsStreamName,
  type ConsumedEvent,
} from '@trafficshare/messaging';
import type { RunningService } from '@trafficshare/service-kit';
import {
  createTestContext,
  freePort,
  pollUntil,
  startApp,
  type TestContext,
} from '@trafficshare/testing';

import { boot } from '../boot';
import { tablesOf } from '../common/tables';
import { creditRowsOf, INCOME_CONSUMER } from './income-consumer';

const credit = (over: Partial<events.IncomeCredited>): events.IncomeCredited => ({
  telegramId: 1,
  transferId: `income:${randomUUID()}`,
  amountMicroUsd: 1_500_000,
  milliMb: 1_024_000,
  reportCount: 1,
  pricePerGbMicroUsd: 1_500_000,
  balanceMicroUsd: 1_500_000,
  creditedAt: '2026-03-04T10:00:00.000Z',
  ...over,
});

describe(creditRowsOf.name, () => {
  const event = (
    credits: events.IncomeCredited[],
    occurredAt: Date,
  ): ConsumedEvent<'IncomesCredited'> => ({
    id: randomUUID(),
    type: 'IncomesCredited',
    message: { credits },
    occurredAt,
    deliveryCount: 1,
    headers: {},
    streamSequence: 1,
  });

  it('flattens the credits of one event into one row per user; a credit without a valid time counts when the event occurred', () => {
    const occurredAt = new Date('2026-03-05T23:59:59.000Z');
    const rows = creditRowsOf(
      event(
        [
          credit({ telegramId: 11, amountMicroUsd: 3_000_000, milliMb: 2_048_000 }),
          credit({ telegramId: 12, amountMicroUsd: 750_000, milliMb: 512_000, creditedAt: '' }),
          credit({ telegramId: 13, amountMicroUsd: 1, milliMb: 1, creditedAt: 'not a date' }),
        ],
        occurredAt,
      ),
    );
    expect(rows).toEqual([
      {
        telegramId: 11,
        day: '2026-03-04',
        microUsd: 3_000_000,
        milliMb: 2_048_000,
        pricePerGbMicroUsd: 1_500_000,
        at: new Date('2026-03-04T10:00:00.000Z'),
      },
      {
        telegramId: 12,
        day: '2026-03-05',
        microUsd: 750_000,
        milliMb: 512_000,
        pricePerGbMicroUsd: 1_500_000,
        at: occurredAt,
      },
      {
        telegramId: 13,
        day: '2026-03-05',
        microUsd: 1,
        milliMb: 1,
        pricePerGbMicroUsd: 1_500_000,
        at: occurredAt,
      },
    ]);
    expect(creditRowsOf(event([], occurredAt))).toEqual([]);
  });
});

// The ledger's IncomesCredited → user_daily_earnings and daily_prices, against real Postgres and
// JetStream, starting from a durable left by the version that consumed IncomeCredited.
describe('income consumer (integration)', () => {
  let ctx: TestContext;
  let nc: NatsConnection;
  let service: RunningService;

  beforeAll(async () => {
    ctx = createTestContext('telemetry_income');
    nc = await connect({ servers: ctx.natsUrl, name: 'test-telemetry-income' });
    const jsm = await nc.jetstreamManager();
    await ensureStreams(jsm, ctx.natsPrefix);
    // What an older telemetry-svc left on the server: the same durable on the per-user subject.
    await jsm.consumers.add(eventsStreamName(ctx.natsPrefix), {
      durable_name: INCOME_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      filter_subject: `${ctx.natsPrefix}events.IncomeCredited`,
    });
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FILTER_GRPC_URL: '127.0.0.1:1',
    });
  }, 60_000);

  afterAll(async () => {
    await service?.stop();
    await nc?.drain();
    await ctx?.cleanup();
  }, 30_000);

  const publish = async (
    credits: events.IncomeCredited[],
    occurredAt: string,
    id = randomUUID(),
  ) => {
    const h = natsHeaders();
    h.set('ts-event-id', id);
    h.set('ts-event-type', 'IncomesCredited');
    h.set('ts-occurred-at', occurredAt);
    await nc
      .jetstream()
      .publish(
        eventSubject(ctx.natsPrefix, 'IncomesCredited'),
        encodeEvent('IncomesCredited', { credits }),
        { msgID: randomUUID(), headers: h },
      );
    return id;
  };
  const earnings = (users: number[]) =>
    service.context.dataSource.query<
      Array<{ telegram_id: string; day: string; earned: string; milli_mb: string; price: string }>
    >(
      `SELECT telegram_id, to_char(day, 'YYYY-MM-DD') AS day, earned_micro_usd AS earned,
              credited_milli_mb AS milli_mb, price_per_gb_micro_usd AS price
       FROM ${tablesOf(service.context.schema).dailyEarnings}
       WHERE telegram_id = ANY($1) ORDER BY telegram_id, day`,
      [users],
    );

  it('moves the existing durable to IncomesCredited on start', async () => {
    const info = await (
      await nc.jetstreamManager()
    ).consumers.info(eventsStreamName(ctx.natsPrefix), INCOME_CONSUMER);
    expect(info.config.filter_subject).toBe(`${ctx.natsPrefix}events.IncomesCredited`);
    expect(info.config.filter_subjects ?? []).toEqual([]);
  });

  it('adds every credit of an event to its user and day, once per event id', async () => {
    const [a, b, marker] = [9_100_001, 9_100_002, 9_100_003];
    const first = await publish(
      [
        credit({ telegramId: a, amountMicroUsd: 3_000_000, milliMb: 2_048_000 }),
        // No credited_at: the day of the event's occurred-at.
        credit({ telegramId: b, amountMicroUsd: 750_000, milliMb: 512_000, creditedAt: '' }),
      ],
      '2026-03-05T08:00:00.000Z',
    );
    await publish(
      [
        credit({
          telegramId: a,
          amountMicroUsd: 1_000_000,
          milliMb: 512_000,
          pricePerGbMicroUsd: 2_000_000,
          creditedAt: '2026-03-04T20:00:00.000Z',
        }),
      ],
      '2026-03-04T20:00:01.000Z',
    );
    // The first event again (a redelivery under a new msg id), then a marker to wait for.
    await publish(
      [
        credit({ telegramId: a, amountMicroUsd: 3_000_000, milliMb: 2_048_000 }),
        credit({ telegramId: b, amountMicroUsd: 750_000, milliMb: 512_000, creditedAt: '' }),
      ],
      '2026-03-05T08:00:00.000Z',
      first,
    );
    await publish(
      [
        credit({
          telegramId: marker,
          pricePerGbMicroUsd: 1_700_000,
          creditedAt: '2026-03-06T00:00:00.000Z',
        }),
      ],
      '2026-03-06T00:00:00.000Z',
    );
    await pollUntil(async () => (await earnings([marker])).length === 1, {
      timeoutMs: 15_000,
      description: 'the marker credit in user_daily_earnings',
    });

    expect(await earnings([a, b])).toEqual([
      {
        telegram_id: String(a),
        day: '2026-03-04',
        earned: '4000000',
        milli_mb: '2560000',
        price: '2000000',
      },
      {
        telegram_id: String(b),
        day: '2026-03-05',
        earned: '750000',
        milli_mb: '512000',
        price: '1500000',
      },
    ]);
    const prices = await service.context.dataSource.query<Array<{ day: string; price: string }>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, price_per_gb_micro_usd AS price
       FROM ${tablesOf(service.context.schema).dailyPrices} ORDER BY day`,
    );
    // The day's price is the last one credited on that day.
    expect(prices).toEqual([
      { day: '2026-03-04', price: '2000000' },
      { day: '2026-03-05', price: '1500000' },
      { day: '2026-03-06', price: '1700000' },
    ]);
  }, 30_000);
});
