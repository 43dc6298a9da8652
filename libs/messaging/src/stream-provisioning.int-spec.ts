import { randomUUID } from 'node:crypto';

import { StorageType } from 'nats';

import { pollUntil } from '@trafficshare/testing';

import { EventConsumer, type ConsumedEvent } from './event-consumer';
import { EventHeader, toNatsHeaders } from './event-headers';
import { encodeEvent, type EventType } from './event-registry';
import { dlqStreamName, eventSubject, eventsStreamName } from './naming';
import { ensureConsumer, ensureStreams } from './stream-provisioning';
import { metricValue, MessagingHarness } from './test/messaging-harness';

describe(ensureStreams.name, () => {
  let harness: MessagingHarness;

  beforeAll(async () => {
    harness = await MessagingHarness.create('provision');
  });

  afterAll(() => harness.close());

  it('creates the events and DLQ streams once, with file storage and a 10 minute dedupe window', async () => {
    const s = await harness.scenario('streams', { streams: false });
    await ensureStreams(harness.jsm, s.prefix);
    await ensureStreams(harness.jsm, s.prefix);

    const events = await harness.jsm.streams.info(eventsStreamName(s.prefix));
    expect(events.config.subjects).toEqual([`${s.prefix}events.>`]);
    expect(events.config.storage).toBe(StorageType.File);
    expect(events.config.duplicate_window).toBe(10 * 60 * 1e9);
    expect(events.config.max_age).toBe(7 * 24 * 3600 * 1e9);
    const dlq = await harness.jsm.streams.info(dlqStreamName(s.prefix));
    expect(dlq.config.subjects).toEqual([`${s.prefix}dlq.>`]);

    await ensureStreams(harness.jsm, s.prefix, { maxAgeMs: 3_600_000 });
    expect((await harness.jsm.streams.info(eventsStreamName(s.prefix))).config.max_age).toBe(
      3_600 * 1e9,
    );
  });

  it('creates a durable explicit-ack consumer and updates it in place', async () => {
    const s = await harness.scenario('consumer');
    const first = await ensureConsumer(harness.jsm, {
      prefix: s.prefix,
      durable: 'ledger',
      eventTypes: ['ReportsIngested'],
      ackWaitMs: 2_000,
    });
    expect(first.serverFiltered).toBe(true);
    expect(first.info.config.filter_subject).toBe(`${s.prefix}events.ReportsIngested`);
    expect(first.info.config.ack_policy).toBe('explicit');
    expect(first.info.config.max_deliver).toBe(-1);

    const again = await ensureConsumer(harness.jsm, {
      prefix: s.prefix,
      durable: 'ledger',
      eventTypes: ['ReportsIngested'],
      ackWaitMs: 4_000,
    });
    expect(again.info.config.ack_wait).toBe(4_000 * 1e6);
    expect(again.info.created).toEqual(first.info.created);

    // A new version consuming another event type moves the same durable to its subject.
    const moved = await ensureConsumer(harness.jsm, {
      prefix: s.prefix,
      durable: 'ledger',
      eventTypes: ['IncomesCredited'],
      ackWaitMs: 4_000,
    });
    expect(moved.info.config.filter_subject).toBe(`${s.prefix}events.IncomesCredited`);
    expect(moved.info.created).toEqual(first.info.created);
    await expect(
      ensureConsumer(harness.jsm, {
        prefix: s.prefix,
        durable: 'bad.name',
        eventTypes: ['ReportsIngested'],
      }),
    ).rejects.toThrow(/Consumer name/);
  });

  it('delivers only the subscribed types to a consumer of several types, whatever the server version', async () => {
    const s = await harness.scenario('multi');
    const types: EventType[] = ['SessionStarted', 'SessionStopped'];
    const ensured = await ensureConsumer(harness.jsm, {
      prefix: s.prefix,
      durable: 'notify',
      eventTypes: types,
    });
    if (ensured.serverFiltered) {
      expect(ensured.info.config.filter_subjects).toEqual(
        types.map((t) => eventSubject(s.prefix, t)),
      );
    } else {
      // nats-server < 2.10: one wide filter; the worker skips the other types.
      expect(ensured.info.config.filter_subject).toBe(`${s.prefix}events.>`);
    }

    const publish = async (type: EventType, payload: Uint8Array) => {
      const id = randomUUID();
      await harness.js.publish(eventSubject(s.prefix, type), payload, {
        msgID: id,
        headers: toNatsHeaders({ [EventHeader.EventId]: id, [EventHeader.EventType]: type }),
      });
    };
    await publish(
      'SessionStarted',
      encodeEvent('SessionStarted', {
        sessionId: 'a',
        telegramId: 1,
        deviceId: 'd',
        networkType: 'wifi',
        bypass: false,
        startedAt: '',
      }),
    );
    await publish(
      'ReportsIngested',
      encodeEvent('ReportsIngested', {
        reports: [
          {
            sessionId: 'a',
            telegramId: 1,
            deviceId: 'd',
            seq: 1,
            deltaMilliMb: 1,
            countedAt: '',
          },
        ],
      }),
    );
    await publish(
      'SessionStopped',
      encodeEvent('SessionStopped', {
        sessionId: 'a',
        telegramId: 1,
        deviceId: 'd',
        status: 'completed',
        serverCountedMilliMb: 1,
        durationS: 1,
        stoppedAt: '',
      }),
    );

    const seen: Array<ConsumedEvent<'SessionStarted' | 'SessionStopped'>['type']> = [];
    const consumer = new EventConsumer({
      nats: harness.nc,
      dataSource: s.dataSource,
      schema: s.schema,
      prefix: s.prefix,
      durable: 'notify',
      eventTypes: ['SessionStarted', 'SessionStopped'],
      ackWaitMs: 2_000,
      handler: async (event) => {
        seen.push(event.type);
      },
    });
    await consumer.start();
    try {
      await pollUntil(() => seen.length === 2, { description: 'both subscribed events' });
      expect(seen).toEqual(['SessionStarted', 'SessionStopped']);
      if (!ensured.serverFiltered) {
        await pollUntil(
          async () =>
            (await metricValue('events_consumed_total', {
              consumer: 'notify',
              type: 'ReportsIngested',
              result: 'skipped',
            })) === 1,
          { description: 'the foreign event to be skipped' },
        );
      }
    } finally {
      await consumer.stop();
    }
  });
});
