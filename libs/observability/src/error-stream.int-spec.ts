import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

import {
  countRecentErrors,
  ErrorRecorder,
  readErrors,
  TokenBucket,
  type ErrorEvent,
} from './error-stream';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const event = (over: Partial<ErrorEvent> = {}): ErrorEvent => ({
  app: 'gateway',
  kind: 'http_5xx',
  level: 'error',
  requestId: 'r',
  route: 'GET /x',
  status: 500,
  code: 'internal',
  error: 'Error',
  userId: 0,
  ip: '127.0.0.1',
  ...over,
});

describe('TokenBucket', () => {
  it('allows the burst, then the steady rate', () => {
    let now = 0;
    const b = new TokenBucket({ burst: 3, perSecond: 2 }, () => now);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    now = 500; // one token back
    expect([b.take(), b.take()]).toEqual([true, false]);
  });
});

// Against the real Redis, each run under its own key prefix.
describe('error stream', () => {
  let redis: Redis;

  beforeEach(async () => {
    redis = new Redis(REDIS_URL, { keyPrefix: `t:errstream:${randomBytes(4).toString('hex')}:` });
  });
  afterEach(async () => {
    await redis.del('errors');
    redis.disconnect();
  });

  it('a storm is capped by the budget; the dropped count rides on the next entry', async () => {
    let now = 1_000_000;
    const recorder = new ErrorRecorder(redis, { burst: 5, perSecond: 1 }, () => now);
    await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => recorder.record(event({ requestId: `s${i}` }))),
    );
    expect(await redis.xlen('errors')).toBe(5);
    expect(recorder.pendingSuppressed).toBe(995);
    now += 1_000;
    await recorder.record(event({ requestId: 'after' }));
    const page = await readErrors(redis, { limit: 10 });
    expect(page.items[0]).toMatchObject({ requestId: 'after', suppressed: 995 });
    expect(await countRecentErrors(redis, 60_000)).toBe(6 + 995);
  });

  it('the stream stays about its maximum length', async () => {
    const recorder = new ErrorRecorder(redis, { burst: 10_000, perSecond: 1 }, Date.now, 100);
    for (let i = 0; i < 1_000; i += 1) await recorder.record(event());
    // MAXLEN ~ trims whole macro nodes: about the cap, never the whole history.
    expect(await redis.xlen('errors')).toBeLessThan(300);
  });

  it('pages newest first by cursor, filters by user, IP, level and time', async () => {
    const recorder = new ErrorRecorder(redis, { burst: 1_000, perSecond: 1 });
    for (let i = 0; i < 30; i += 1)
      await recorder.record(
        event({
          requestId: `r${i}`,
          userId: i % 3 === 0 ? 42 : 7,
          ip: i % 2 === 0 ? '10.0.0.1' : '10.0.0.2',
          level: i % 5 === 0 ? 'warn' : 'error',
        }),
      );
    const all: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await readErrors(redis, { before, limit: 7 });
      all.push(...page.items.map((e) => e.requestId));
      if (!page.next) break;
      before = page.next;
    }
    expect(all).toEqual(Array.from({ length: 30 }, (_, i) => `r${29 - i}`));

    const mine = await readErrors(redis, { userId: 42, ip: '10.0.0.1', limit: 100 });
    expect(mine.items.map((e) => e.requestId)).toEqual(['r24', 'r18', 'r12', 'r6', 'r0']);
    const warn = await readErrors(redis, { level: 'warn', limit: 100 });
    expect(warn.items.map((e) => e.requestId)).toEqual(['r25', 'r20', 'r15', 'r10', 'r5', 'r0']);

    // A small scan budget: fewer items than asked, and a cursor to go on from.
    const partial = await readErrors(redis, { userId: 42, limit: 100, scanLimit: 4 });
    expect(partial.items.length).toBeLessThan(10);
    expect(partial.next).not.toBeNull();

    const future = await readErrors(redis, { fromMs: Date.now() + 60_000, limit: 10 });
    expect(future).toEqual({ items: [], next: null });
  });
});
