import { context, trace } from '@opentelemetry/api';

import { installTestTracing, pollUntil, type TestTracing } from '@trafficshare/testing';

import { decodeEvent } from './event-registry';
import { pruneMessagingTables } from './messaging-retention';
import { eventsStreamName } from './naming';
import { OutboxRelay } from './outbox-relay';
import { ensureStreams } from './stream-provisioning';
import {
  metricValue,
  MessagingHarness,
  onlyReport,
  report,
  reports,
} from './test/messaging-harness';

describe(OutboxRelay.name, () => {
  let harness: MessagingHarness;
  let tracing: TestTracing;

  beforeAll(async () => {
    tracing = installTestTracing();
    harness = await MessagingHarness.create('relay');
  });

  afterAll(async () => {
    await harness.close();
    await tracing.uninstall();
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    const s = await harness.scenario('rollback');
    await expect(
      s.dataSource.transaction(async (manager) => {
        await s.outbox.add(manager, 'ReportsIngested', reports(report({ seq: 1 })));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const marker = await s.addReport(report({ seq: 2 }));

    s.relay().start();
    await pollUntil(async () => (await s.outboxRows()).every((r) => r.published_at !== null), {
      description: 'the committed row to be published',
    });

    expect((await s.outboxRows()).map((r) => r.id)).toEqual([marker]);
    expect(await s.streamCount()).toBe(1);
    const stored = await s.eventAt(1);
    expect(stored.header.get('Nats-Msg-Id')).toBe(marker);
    expect(onlyReport(decodeEvent('ReportsIngested', stored.data)).seq).toBe(2);
  });

  it('publishes a committed event with Nats-Msg-Id = event id and the trace context of its producer', async () => {
    const s = await harness.scenario('committed');
    const message = report({ sessionId: 'traced', seq: 7 });
    const publishedBefore = await metricValue('outbox_published_total', { schema: s.schema });

    const producer = trace.getTracer('test').startSpan('produce');
    const eventId = await context.with(trace.setSpan(context.active(), producer), () =>
      s.addReport(message),
    );
    producer.end();

    const relay = s.relay();
    relay.start();
    await pollUntil(async () => (await relay.backlog()) === 0, {
      description: 'the outbox backlog to drain',
    });

    const stored = await s.eventAt(1);
    expect(stored.subject).toBe(`${s.prefix}events.ReportsIngested`);
    expect(decodeEvent('ReportsIngested', stored.data)).toEqual(reports(message));
    expect(stored.header.get('Nats-Msg-Id')).toBe(eventId);
    expect(stored.header.get('ts-event-id')).toBe(eventId);
    expect(stored.header.get('ts-event-type')).toBe('ReportsIngested');
    expect(new Date(stored.header.get('ts-occurred-at')).toISOString()).toBe(
      stored.header.get('ts-occurred-at'),
    );
    const { traceId, spanId } = producer.spanContext();
    expect(stored.header.get('traceparent')).toBe(`00-${traceId}-${spanId}-01`);

    const [row] = await s.outboxRows();
    expect(row.published_at).toBeInstanceOf(Date);
    expect(row.attempts).toBe(1);
    expect(await metricValue('outbox_published_total', { schema: s.schema })).toBe(
      publishedBefore + 1,
    );
    expect(await metricValue('outbox_backlog', { schema: s.schema })).toBe(0);
  });

  it('wakes on NOTIFY instead of waiting for its poll period', async () => {
    const s = await harness.scenario('notify');
    const relay = s.relay({ pollMs: 60_000 });
    relay.start();
    await pollUntil(
      async () => {
        const rows: unknown[] = await s.dataSource.query(
          'SELECT 1 FROM pg_stat_activity WHERE query = $1 AND state = $2',
          [`LISTEN "outbox_${s.schema}"`, 'idle'],
        );
        return rows.length > 0;
      },
      { description: 'the relay to LISTEN' },
    );
    await s.addReport(report({ seq: 1 }));
    await pollUntil(async () => (await relay.backlog()) === 0, {
      description: 'the first row to be published',
    });
    // The relay now idles for 60 s; only the NOTIFY of this commit can wake it in time.
    await s.addReport(report({ seq: 2 }));
    await pollUntil(async () => (await relay.backlog()) === 0, {
      timeoutMs: 3_000,
      description: 'NOTIFY to wake the relay',
    });
    expect(await s.streamCount()).toBe(2);
  });

  it('prunes only published outbox rows and inbox rows past the retention', async () => {
    const s = await harness.scenario('prune');
    const [oldSent, recentSent, unsent] = [
      await s.addReport(),
      await s.addReport(),
      await s.addReport(),
    ];
    const table = `"${s.schema}"`;
    await s.dataSource.query(
      `UPDATE ${table}.outbox SET published_at = now() - interval '40 days' WHERE id = $1`,
      [oldSent],
    );
    await s.dataSource.query(`UPDATE ${table}.outbox SET published_at = now() WHERE id = $1`, [
      recentSent,
    ]);
    await s.dataSource.query(
      `UPDATE ${table}.outbox SET created_at = now() - interval '40 days' WHERE id = $1`,
      [unsent],
    );
    await s.dataSource.query(
      `INSERT INTO ${table}.inbox (consumer, event_id, processed_at) VALUES
       ('c', $1, now() - interval '40 days'), ('c', $2, now())`,
      [oldSent, recentSent],
    );

    const pruned = await pruneMessagingTables(s.dataSource, s.schema, {
      olderThanMs: 30 * 86_400_000,
    });

    expect(pruned).toEqual({ outbox: 1, inbox: 1 });
    expect((await s.outboxRows()).map((r) => r.id).sort()).toEqual([recentSent, unsent].sort());
    const inbox: Array<{ event_id: string }> = await s.dataSource.query(
      `SELECT event_id FROM ${table}.inbox`,
    );
    expect(inbox.map((r) => r.event_id)).toEqual([recentSent]);
  });

  it('refuses to add an event outside a transaction', async () => {
    const s = await harness.scenario('notx');
    await expect(
      s.outbox.add(s.dataSource.manager, 'ReportsIngested', reports(report())),
    ).rejects.toThrow(/open transaction/);
  });

  it('keeps rows while JetStream refuses them and publishes them once it accepts', async () => {
    const s = await harness.scenario('outage', { streams: false });
    const ids = [await s.addReport(report({ seq: 1 })), await s.addReport(report({ seq: 2 }))];
    s.relay().start();

    await pollUntil(
      async () => (await metricValue('outbox_publish_errors_total', { schema: s.schema })) >= 4,
      {
        description: 'failed publish attempts while the stream is missing',
      },
    );
    expect((await s.outboxRows()).every((r) => r.published_at === null && r.attempts >= 2)).toBe(
      true,
    );

    await ensureStreams(harness.jsm, s.prefix);
    await pollUntil(async () => (await s.outboxRows()).every((r) => r.published_at !== null), {
      timeoutMs: 5_000,
      description: 'rows to be published after the stream appeared',
    });
    expect(await s.streamCount()).toBe(2);
    expect((await s.eventAt(1)).header.get('Nats-Msg-Id')).toBe(ids[0]);
    expect((await s.eventAt(2)).header.get('Nats-Msg-Id')).toBe(ids[1]);
  });

  it('lets two relays share a table and publishes each row once (SKIP LOCKED)', async () => {
    const s = await harness.scenario('replicas');
    const total = 200;
    for (let chunk = 0; chunk < total / 50; chunk += 1) {
      await s.dataSource.transaction((manager) =>
        s.outbox.addMany(
          manager,
          Array.from({ length: 50 }, (_, i) => ({
            type: 'ReportsIngested' as const,
            message: reports(report({ seq: chunk * 50 + i })),
          })),
        ),
      );
    }
    const publishedBy: string[][] = [[], []];
    const relays = [0, 1].map((n) =>
      s.relay({ batchSize: 10, afterPublish: (ids) => void publishedBy[n].push(...ids) }),
    );
    relays.forEach((r) => r.start());

    await pollUntil(async () => (await relays[0].backlog()) === 0, {
      timeoutMs: 10_000,
      description: 'both relays to drain',
    });
    await Promise.all(relays.map((r) => r.stop()));

    const all = [...publishedBy[0], ...publishedBy[1]];
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    expect(await s.streamCount()).toBe(total);
    const info = await harness.jsm.streams.info(eventsStreamName(s.prefix));
    expect(info.state.messages).toBe(total);
  });
});
