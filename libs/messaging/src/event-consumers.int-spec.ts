import { randomUUID } from 'node:crypto';

import { headers as natsHeaders } from 'nats';

import { pollUntil } from '@trafficshare/testing';

import { EventConsumers, type ConsumerWorker } from './event-consumers';
import { encodeEvent } from './event-registry';
import { eventsStreamName, eventSubject } from './naming';
import {
  metricValue,
  MessagingHarness,
  onlyReport,
  report,
  reports,
  type Scenario,
} from './test/messaging-harness';

const consumed = (consumer: string, result: string, type = 'ReportsIngested') =>
  metricValue('events_consumed_total', { consumer, type, result });

describe(EventConsumers.name, () => {
  let harness: MessagingHarness;
  const running: EventConsumers[] = [];

  beforeAll(async () => {
    harness = await MessagingHarness.create('consumers');
  });

  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await harness.close();
  }, 30_000);

  /** The consumers of one scenario, with a fast ack wait for the tests. */
  const consumersOf = (s: Scenario): EventConsumers => {
    const consumers = new EventConsumers({
      nats: harness.nc,
      dataSource: s.dataSource,
      schema: s.schema,
      prefix: s.prefix,
    });
    running.push(consumers);
    return consumers;
  };

  it('applies an event once per durable, whether it fails first or reaches the stream twice', async () => {
    const s = await harness.scenario('once');
    const attempts: Array<[string, number]> = [];
    const consumers = consumersOf(s)
      .on('ReportsIngested', { durable: 'once-a', backoffMs: [50] }, async (event, tx) => {
        attempts.push(['a', event.deliveryCount]);
        await s.applyEffect(tx, 'once-a', event);
        // The effect of the first attempt rolls back with it.
        if (event.deliveryCount === 1) throw new Error('database hiccup');
      })
      .on('ReportsIngested', { durable: 'once-b' }, async (event, tx) => {
        attempts.push(['b', event.deliveryCount]);
        await s.applyEffect(tx, 'once-b', event);
      });
    expect(consumers.durables).toEqual(['once-a', 'once-b']);
    const processedBefore = await consumed('once-b', 'processed');
    const duplicatesBefore = await consumed('once-b', 'duplicate');
    await consumers.start();

    // The same event under two msg ids: a producer retry JetStream's de-duplication cannot see.
    const eventId = randomUUID();
    const publishCopy = async () => {
      const h = natsHeaders();
      h.set('ts-event-id', eventId);
      h.set('ts-event-type', 'ReportsIngested');
      await harness.js.publish(
        eventSubject(s.prefix, 'ReportsIngested'),
        encodeEvent('ReportsIngested', reports(report({ sessionId: 'once', seq: 1 }))),
        { msgID: randomUUID(), headers: h },
      );
    };
    await publishCopy();
    await pollUntil(async () => (await s.effects()).length === 2, {
      description: 'the effect of each durable',
    });
    await publishCopy();
    await pollUntil(
      async () =>
        (await consumed('once-a', 'duplicate')) >= 1 &&
        (await consumed('once-b', 'duplicate')) > duplicatesBefore,
      { description: 'the second copy acked as a duplicate by both durables' },
    );
    const effects = await s.dataSource.query<Array<{ consumer: string; event_id: string }>>(
      `SELECT consumer, event_id FROM "${s.schema}".effects ORDER BY consumer`,
    );
    expect(effects).toEqual([
      { consumer: 'once-a', event_id: eventId },
      { consumer: 'once-b', event_id: eventId },
    ]);
    // once-a: the failed first delivery, then its redelivery; once-b: one delivery.
    expect(attempts.filter(([d]) => d === 'a').map(([, n]) => n)).toEqual([1, 2]);
    expect(attempts.filter(([d]) => d === 'b')).toEqual([['b', 1]]);
    expect(await consumed('once-b', 'processed')).toBe(processedBefore + 1);
  }, 30_000);

  it('retries a failing event with backoff, then dead-letters it and counts it', async () => {
    const s = await harness.scenario('retry');
    const seenAt: number[] = [];
    const deadBefore = await metricValue('events_dead_lettered_total', { consumer: 'stubborn' });
    const retriedBefore = await consumed('stubborn', 'retried');
    await consumersOf(s)
      .on(
        'ReportsIngested',
        { durable: 'stubborn', maxDeliver: 3, backoffMs: [300, 600] },
        async (event) => {
          if (onlyReport(event.message).sessionId === 'poison') {
            seenAt.push(performance.now());
            throw new Error('cannot price this report');
          }
        },
      )
      .start();
    s.relay().start();
    const poisonId = await s.addReport(report({ sessionId: 'poison', seq: 7 }));

    const [dead] = await pollUntil(
      async () => {
        const letters = await s.deadLetters();
        return letters.length > 0 ? letters : undefined;
      },
      { description: 'the failing event in the DLQ' },
    );
    expect(seenAt).toHaveLength(3);
    // Redeliveries wait at least the backoff (more on a busy machine, never less).
    expect(seenAt[1] - seenAt[0]).toBeGreaterThanOrEqual(290);
    expect(seenAt[2] - seenAt[1]).toBeGreaterThanOrEqual(590);
    expect(dead.subject).toBe(`${s.prefix}dlq.stubborn`);
    expect(dead.header.get('ts-event-id')).toBe(poisonId);
    expect(dead.header.get('ts-error')).toBe('cannot price this report');
    expect(dead.header.get('ts-delivery-count')).toBe('3');
    expect(await consumed('stubborn', 'retried')).toBe(retriedBefore + 2);
    expect(await metricValue('events_dead_lettered_total', { consumer: 'stubborn' })).toBe(
      deadBefore + 1,
    );
  }, 30_000);

  it('dead-letters an undecodable payload at once, without calling the handler', async () => {
    const s = await harness.scenario('garbage');
    let calls = 0;
    await consumersOf(s)
      .on('ReportsIngested', { durable: 'strict-reader' }, async () => {
        calls += 1;
      })
      .start();
    const h = natsHeaders();
    h.set('ts-event-id', randomUUID());
    h.set('ts-event-type', 'ReportsIngested');
    // Field 1 announces 100 bytes; two follow.
    await harness.js.publish(
      eventSubject(s.prefix, 'ReportsIngested'),
      Uint8Array.from([0x0a, 100, 0x41, 0x42]),
      { headers: h },
    );

    const [dead] = await pollUntil(
      async () => {
        const letters = await s.deadLetters();
        return letters.length > 0 ? letters : undefined;
      },
      { description: 'the undecodable event in the DLQ' },
    );
    expect(dead.header.get('ts-error')).toMatch(/^undecodable ReportsIngested payload/);
    expect(dead.header.get('ts-delivery-count')).toBe('1');
    expect(calls).toBe(0);
    expect(await consumed('strict-reader', 'dead_lettered')).toBe(1);
  }, 30_000);

  it('runs workers on one durable: each event applied once, each batch told its worker', async () => {
    const s = await harness.scenario('workers');
    const batches: Array<{ worker: ConsumerWorker; seqs: number[] }> = [];
    const consumers = consumersOf(s).onBatch(
      'ReportsIngested',
      { durable: 'sharded', workers: 3, batch: { maxMessages: 200, maxWaitMs: 1_000 } },
      async (events, tx, worker) => {
        batches.push({ worker, seqs: events.map((e) => onlyReport(e.message).seq) });
        for (const event of events) await s.applyEffect(tx, 'sharded', event);
      },
    );
    await consumers.start();
    await s.dataSource.transaction((tx) =>
      s.outbox.addMany(
        tx,
        Array.from({ length: 40 }, (_, i) => ({
          type: 'ReportsIngested' as const,
          message: reports(report({ sessionId: 'w', seq: i })),
        })),
      ),
    );
    s.relay().start();

    await pollUntil(async () => (await s.effects()).length === 40, {
      timeoutMs: 20_000,
      description: 'every event applied',
    });
    const seqs = (await s.effects()).map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(new Set(batches.map((b) => b.worker.durable))).toEqual(new Set(['sharded']));
    for (const b of batches) expect([0, 1, 2]).toContain(b.worker.worker);
    expect(batches.flatMap((b) => b.seqs)).toHaveLength(40);
    // The durable is ensured once, sized so every worker can hold a full pull twice over.
    const info = await harness.jsm.consumers.info(eventsStreamName(s.prefix), 'sharded');
    expect(info.config.max_ack_pending).toBe(3 * 200 * 2);
    expect(info.config.filter_subject).toBe(`${s.prefix}events.ReportsIngested`);
  }, 30_000);

  it('refuses a durable registered twice, a bad name, no event type, no worker, a too short batch wait, and late registrations', async () => {
    const s = await harness.scenario('rules');
    const noop = async () => undefined;
    const consumers = consumersOf(s).on('ReportsIngested', { durable: 'first' }, noop);
    expect(() => consumers.on('SessionStarted', { durable: 'first' }, noop)).toThrow(
      'Consumer first is registered twice',
    );
    expect(() => consumers.on('SessionStarted', { durable: 'has.dot' }, noop)).toThrow(
      /may hold only letters/,
    );
    expect(() => consumers.on([], { durable: 'nothing' }, noop)).toThrow(
      'Consumer nothing needs at least one event type',
    );
    expect(() =>
      consumers.onBatch('SessionStarted', { durable: 'idle', workers: 0 }, noop),
    ).toThrow('Consumer idle needs at least one worker');
    expect(() =>
      consumers.onBatch('SessionStopped', { durable: 'hasty', batch: { maxWaitMs: 200 } }, noop),
    ).toThrow('Consumer hasty: batch.maxWaitMs must be at least 1000');
    await consumers.start();
    expect(() => consumers.on('SessionStopped', { durable: 'late' }, noop)).toThrow(
      'Consumer late registered after the consumers started',
    );
    expect(consumers.durables).toEqual(['first']);
    // Stopping right after start (a service failing at boot) must not wait for an event.
    await consumers.stop();
  }, 30_000);
});
