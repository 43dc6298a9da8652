import { randomUUID } from 'node:crypto';

import { context, SpanKind, trace } from '@opentelemetry/api';
import { headers as natsHeaders } from 'nats';

import { installTestTracing, pollUntil, type TestTracing } from '@trafficshare/testing';

import { EventConsumer, type ConsumedEvent } from './event-consumer';
import { encodeEvent } from './event-registry';
import { eventSubject } from './naming';
import {
  metricValue,
  MessagingHarness,
  onlyReport,
  report,
  reports,
} from './test/messaging-harness';

describe(EventConsumer.name, () => {
  let harness: MessagingHarness;
  let tracing: TestTracing;

  beforeAll(async () => {
    tracing = installTestTracing();
    harness = await MessagingHarness.create('consumer');
  });

  afterAll(async () => {
    await harness.close();
    await tracing.uninstall();
  });

  it('applies an event once when the relay crashes between publish and mark-sent', async () => {
    const s = await harness.scenario('crash');
    const seen: ConsumedEvent<'ReportsIngested'>[] = [];
    await s.consumer({
      durable: 'ledger',
      handler: async (event, manager) => {
        seen.push(event);
        await s.applyEffect(manager, 'ledger', event);
      },
    });
    const eventId = await s.addReport(report({ sessionId: 'crash', seq: 1 }));

    let crashes = 0;
    const crashing = s.relay({
      afterPublish: () => {
        crashes += 1;
        throw new Error('relay died before marking the rows');
      },
    });
    crashing.start();
    await pollUntil(() => crashes >= 1, { description: 'the relay to publish and crash' });
    await crashing.stop();
    expect((await s.outboxRows())[0].published_at).toBeNull();

    const republished: string[] = [];
    const second = s.relay({ afterPublish: (ids) => void republished.push(...ids) });
    second.start();
    await pollUntil(async () => (await s.outboxRows())[0].published_at !== null, {
      description: 'the second relay to publish the row again',
    });
    expect(republished).toEqual([eventId]);
    await pollUntil(async () => (await s.effects()).length === 1, { description: 'the effect' });

    // JetStream dropped the second publish (same Nats-Msg-Id inside the duplicate window).
    expect(await s.streamCount()).toBe(1);
    expect(await s.effects()).toEqual([{ event_id: eventId, session_id: 'crash', seq: 1 }]);
    expect(seen.map((e) => [e.id, e.type, e.deliveryCount])).toEqual([
      [eventId, 'ReportsIngested', 1],
    ]);
  });

  it('applies the same event once when it reaches the stream twice under different msg ids', async () => {
    const s = await harness.scenario('dupe');
    const eventId = randomUUID();
    const payload = encodeEvent('ReportsIngested', reports(report({ sessionId: 'dupe', seq: 3 })));
    for (const msgID of [randomUUID(), randomUUID()]) {
      const h = natsHeaders();
      h.set('ts-event-id', eventId);
      h.set('ts-event-type', 'ReportsIngested');
      h.set('ts-occurred-at', new Date().toISOString());
      await harness.js.publish(eventSubject(s.prefix, 'ReportsIngested'), payload, {
        msgID,
        headers: h,
      });
    }
    expect(await s.streamCount()).toBe(2);
    const duplicatesBefore = await metricValue('events_consumed_total', {
      consumer: 'dupe-reader',
      type: 'ReportsIngested',
      result: 'duplicate',
    });

    await s.consumer({
      durable: 'dupe-reader',
      handler: (event, manager) => s.applyEffect(manager, 'dupe-reader', event),
    });

    await pollUntil(
      async () =>
        (await metricValue('events_consumed_total', {
          consumer: 'dupe-reader',
          type: 'ReportsIngested',
          result: 'duplicate',
        })) > duplicatesBefore,
      { description: 'the second copy to be recognised as a duplicate' },
    );
    expect(await s.effects()).toEqual([{ event_id: eventId, session_id: 'dupe', seq: 3 }]);
    const inbox: unknown[] = await s.dataSource.query(
      `SELECT * FROM "${s.schema}".inbox WHERE event_id = $1`,
      [eventId],
    );
    expect(inbox).toHaveLength(1);
  });

  it('rolls back a failed attempt and applies the redelivered event once', async () => {
    const s = await harness.scenario('retry');
    const attempts: number[] = [];
    await s.consumer({
      durable: 'flaky',
      handler: async (event, manager) => {
        attempts.push(event.deliveryCount);
        await s.applyEffect(manager, 'flaky', event);
        if (event.deliveryCount === 1) throw new Error('database hiccup');
      },
    });
    s.relay().start();
    const eventId = await s.addReport(report({ sessionId: 'retry', seq: 5 }));

    await pollUntil(async () => (await s.effects()).length > 0, {
      description: 'the retried effect',
    });
    expect(attempts).toEqual([1, 2]);
    expect(await s.effects()).toEqual([{ event_id: eventId, session_id: 'retry', seq: 5 }]);
  });

  it('dead-letters an event failing every delivery and keeps consuming the others', async () => {
    const s = await harness.scenario('dlq');
    let poisonAttempts = 0;
    await s.consumer({
      durable: 'picky',
      maxDeliver: 3,
      handler: async (event, manager) => {
        if (onlyReport(event.message).sessionId === 'poison') {
          poisonAttempts += 1;
          throw new Error('cannot price\nthis report');
        }
        await s.applyEffect(manager, 'picky', event);
      },
    });
    s.relay().start();
    const deadBefore = await metricValue('events_dead_lettered_total', { consumer: 'picky' });
    await s.addReport(report({ sessionId: 'good', seq: 1 }));
    const poisonId = await s.addReport(report({ sessionId: 'poison', seq: 2 }));
    await s.addReport(report({ sessionId: 'good', seq: 3 }));

    const [dead] = await pollUntil(
      async () => {
        const letters = await s.deadLetters();
        return letters.length > 0 ? letters : undefined;
      },
      { description: 'the poison event in the DLQ' },
    );
    await s.addReport(report({ sessionId: 'good', seq: 4 }));
    await pollUntil(async () => (await s.effects()).length === 3, {
      description: 'the good events',
    });

    expect(poisonAttempts).toBe(3);
    expect(dead.subject).toBe(`${s.prefix}dlq.picky`);
    expect(dead.header.get('ts-error')).toBe('cannot price this report');
    expect(dead.header.get('ts-event-id')).toBe(poisonId);
    expect(dead.header.get('ts-dlq-consumer')).toBe('picky');
    expect(dead.header.get('ts-delivery-count')).toBe('3');
    expect(dead.header.get('ts-original-subject')).toBe(`${s.prefix}events.ReportsIngested`);
    expect(dead.data).toEqual(
      encodeEvent('ReportsIngested', reports(report({ sessionId: 'poison', seq: 2 }))),
    );
    expect((await s.effects()).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(await metricValue('events_dead_lettered_total', { consumer: 'picky' })).toBe(
      deadBefore + 1,
    );
    expect(await s.deadLetters()).toHaveLength(1);
  });

  it('dead-letters an undecodable payload on its first delivery', async () => {
    const s = await harness.scenario('garbage');
    let calls = 0;
    await s.consumer({
      durable: 'strict',
      handler: async () => {
        calls += 1;
      },
    });
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
  });

  it('stops at once when stopped right after start, before its pull is set up', async () => {
    const s = await harness.scenario('quick_stop');
    for (const batch of [undefined, { maxMessages: 10, maxWaitMs: 5_000 }]) {
      const consumer = batch
        ? await s.consumer({ durable: 'quick-batch', batch, handleBatch: async () => undefined })
        : await s.consumer({ durable: 'quick-one', handler: async () => undefined });
      const started = performance.now();
      await consumer.stop();
      // Not after the pull's expiry or the next event: the iterator is ended as soon as it exists.
      expect(performance.now() - started).toBeLessThan(4_000);
    }
  });

  it('runs the handler in a span whose parent is the producer span', async () => {
    const s = await harness.scenario('trace');
    let handlerTraceId: string | undefined;
    await s.consumer({
      durable: 'traced',
      handler: async (event, manager) => {
        handlerTraceId = trace.getActiveSpan()?.spanContext().traceId;
        await s.applyEffect(manager, 'traced', event);
      },
    });
    s.relay().start();
    const producer = trace.getTracer('test').startSpan('grpc ReportTraffic');
    await context.with(trace.setSpan(context.active(), producer), () =>
      s.addReport(report({ sessionId: 'traced' })),
    );
    producer.end();

    await pollUntil(async () => (await s.effects()).length === 1, {
      description: 'the traced effect',
    });
    const span = await pollUntil(
      () =>
        tracing
          .spans()
          .find(
            (sp) =>
              sp.name === 'ReportsIngested process' &&
              sp.attributes['messaging.consumer.group.name'] === 'traced',
          ),
      { description: 'the consumer span to end' },
    );
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(span.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(handlerTraceId).toBe(producer.spanContext().traceId);
  });

  it('hands a batch handler many events in one transaction, without duplicates, and isolates a poison event', async () => {
    const s = await harness.scenario('batch');
    const batches: Array<Array<{ id: string; seq: number }>> = [];
    await s.consumer({
      durable: 'ledger-batch',
      maxDeliver: 2,
      batch: { maxMessages: 100, maxWaitMs: 1_000 },
      handleBatch: async (events, manager) => {
        if (events.some((e) => onlyReport(e.message).sessionId === 'poison'))
          throw new Error('poison in batch');
        batches.push(events.map((e) => ({ id: e.id, seq: onlyReport(e.message).seq })));
        for (const event of events) await s.applyEffect(manager, 'ledger-batch', event);
      },
    });
    // 20 events written before the relay runs, so they reach the stream together.
    const ids = await s.dataSource.transaction((manager) =>
      s.outbox.addMany(manager, [
        ...Array.from({ length: 20 }, (_, i) => ({
          type: 'ReportsIngested' as const,
          message: reports(report({ sessionId: 'b', seq: i })),
        })),
        {
          type: 'ReportsIngested' as const,
          message: reports(report({ sessionId: 'poison', seq: 99 })),
        },
      ]),
    );
    s.relay().start();
    // The same five events again under other msg ids (a producer retry JetStream cannot see).
    await pollUntil(async () => (await s.streamCount()) === 21, {
      description: 'the batch to be published',
    });
    for (const [i, id] of ids.slice(0, 5).entries()) {
      const h = natsHeaders();
      h.set('ts-event-id', id);
      h.set('ts-event-type', 'ReportsIngested');
      await harness.js.publish(
        eventSubject(s.prefix, 'ReportsIngested'),
        encodeEvent('ReportsIngested', reports(report({ sessionId: 'b', seq: i }))),
        {
          msgID: randomUUID(),
          headers: h,
        },
      );
    }

    await pollUntil(async () => (await s.deadLetters()).length === 1, {
      description: 'the poison event in the DLQ',
    });
    await pollUntil(
      async () =>
        (await metricValue('events_consumed_total', {
          consumer: 'ledger-batch',
          type: 'ReportsIngested',
          result: 'duplicate',
        })) >= 5,
      { description: 'the five copies to be acked as duplicates' },
    );
    const effects = await s.effects();
    expect(effects.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(20);
    expect(batches.flat()).toHaveLength(20);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
  });
});
