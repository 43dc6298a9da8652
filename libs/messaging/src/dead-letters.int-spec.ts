import { pollUntil } from '@trafficshare/testing';

import { DeadLetters, type DeadLetter } from './dead-letters';
import { toNatsHeaders } from './event-headers';
import { MessagingHarness, onlyReport, report, type Scenario } from './test/messaging-harness';

// The operator's DLQ tool against real NATS and Postgres: letters produced by a real consumer
// giving up, replayed once the cause is fixed (each consumer's inbox keeps the effect single),
// discarded, and a replay interrupted between publish and delete run again safely.
describe(DeadLetters.name, () => {
  jest.setTimeout(30_000);
  let harness: MessagingHarness;
  let s: Scenario;
  let dlq: DeadLetters;
  let broken = true;

  const effects = async (consumer: string): Promise<string[]> =>
    (
      await s.dataSource.query<Array<{ session_id: string; seq: string }>>(
        `SELECT session_id, seq FROM "${s.schema}".effects WHERE consumer = $1 ORDER BY seq`,
        [consumer],
      )
    ).map((r) => `${r.session_id}:${r.seq}`);

  const nextLetter = (): Promise<DeadLetter> =>
    pollUntil(async () => (await dlq.list())[0], { description: 'a letter in the DLQ' });

  beforeAll(async () => {
    harness = await MessagingHarness.create('dead_letters');
    s = await harness.scenario('dlqtool');
    dlq = new DeadLetters(harness.nc, s.prefix);
    await s.consumer({
      durable: 'steady',
      handler: (event, manager) => s.applyEffect(manager, 'steady', event),
    });
    await s.consumer({
      durable: 'picky',
      maxDeliver: 2,
      handler: async (event, manager) => {
        if (broken && onlyReport(event.message).sessionId.startsWith('poison'))
          throw new Error('price missing for\nthis day');
        await s.applyEffect(manager, 'picky', event);
      },
    });
    s.relay().start();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lists, shows and decodes what a consumer gave up on', async () => {
    await s.addReport(report({ sessionId: 'good', seq: 1 }));
    const poisonId = await s.addReport(report({ sessionId: 'poison', seq: 2 }));
    await s.addReport(report({ sessionId: 'good', seq: 3 }));
    const letter = await nextLetter();
    await pollUntil(async () => (await effects('picky')).length === 2, {
      description: 'the good events past the poison one',
    });

    expect(letter).toMatchObject({
      consumer: 'picky',
      type: 'ReportsIngested',
      eventId: poisonId,
      error: 'price missing for this day',
      deliveries: 2,
      originalSubject: `${s.prefix}events.ReportsIngested`,
    });
    expect(letter.deadAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    const decoded = DeadLetters.decode(letter) as { message: { reports: Array<{ seq: number }> } };
    expect(decoded.message.reports.map((r) => r.seq)).toEqual([2]);

    expect(await dlq.list({ consumer: 'steady' })).toEqual([]);
    expect(await dlq.list({ consumer: 'picky' })).toHaveLength(1);
    expect(await dlq.list({ limit: 0 })).toEqual([]);
    expect(await dlq.get(letter.seq)).toMatchObject({ seq: letter.seq, eventId: poisonId });
    expect(await dlq.get(letter.seq + 1_000)).toBeUndefined();
    await expect(dlq.list({ consumer: 'bad.name' })).rejects.toThrow(/Consumer name/);
  });

  it('replays a letter once fixed: the consumer that gave up applies it, the others skip it', async () => {
    const [letter] = await dlq.list();
    broken = false;
    const result = await dlq.replay(letter.seq);
    expect(result).toMatchObject({
      seq: letter.seq,
      subject: `${s.prefix}events.ReportsIngested`,
      duplicate: false,
    });
    await pollUntil(async () => (await effects('picky')).includes('poison:2'), {
      description: 'the replayed event applied by picky',
    });
    // steady had applied it the first time: its inbox skips the replay.
    await new Promise((r) => setTimeout(r, 500));
    expect(await effects('steady')).toEqual(['good:1', 'poison:2', 'good:3']);
    expect(await effects('picky')).toEqual(['good:1', 'poison:2', 'good:3']);
    expect(await dlq.list()).toEqual([]);
    await expect(dlq.replay(letter.seq)).rejects.toMatchObject({ code: 'not_found' });
    expect(await dlq.discard(letter.seq)).toBe(false);
  });

  it('a replay interrupted after publishing runs again without a second copy', async () => {
    broken = true;
    await s.addReport(report({ sessionId: 'poison-b', seq: 4 }));
    const letter = await nextLetter();
    broken = false;
    // What an interrupted replay left behind: the copy is in JetStream, the letter still in the DLQ.
    const copy = await harness.js.publish(letter.originalSubject, letter.data, {
      msgID: `${letter.eventId}:replay:${letter.seq}`,
      headers: toNatsHeaders({
        'ts-event-id': letter.eventId,
        'ts-event-type': letter.type,
      }),
    });
    expect(copy.duplicate).toBe(false);
    expect(await dlq.replay(letter.seq)).toMatchObject({ duplicate: true });
    await pollUntil(async () => (await effects('picky')).includes('poison-b:4'), {
      description: 'the replayed event applied once',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await effects('picky')).filter((e) => e === 'poison-b:4')).toHaveLength(1);
    expect(await dlq.list()).toEqual([]);
  });

  it('discards a letter without replaying it', async () => {
    broken = true;
    await s.addReport(report({ sessionId: 'poison-c', seq: 5 }));
    const letter = await nextLetter();
    expect(await dlq.discard(letter.seq)).toBe(true);
    expect(await dlq.list()).toEqual([]);
    expect(await effects('picky')).not.toContain('poison-c:5');
    expect(await effects('steady')).toContain('poison-c:5');
  });
});
