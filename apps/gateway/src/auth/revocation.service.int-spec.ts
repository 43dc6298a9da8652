import { Redis } from 'ioredis';

import { createTestContext, type TestContext } from '@trafficshare/testing';

import {
  bannedUserKey,
  entitlementVersionKey,
  revokedSessionKey,
  RevocationService,
} from './revocation.service';

// Against the real Redis: the checks of one event-loop turn share one MGET, and each request
// still gets its own verdict.
describe('RevocationService', () => {
  let ctx: TestContext;
  let redis: Redis;
  let service: RevocationService;
  const mgets: number[] = [];

  beforeAll(async () => {
    ctx = createTestContext('revocation');
    redis = new Redis(ctx.redisUrl, {
      keyPrefix: ctx.redisPrefix,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    await redis.connect();
    const mget = redis.mget.bind(redis) as (keys: string[]) => Promise<Array<string | null>>;
    (redis as unknown as { mget: typeof mget }).mget = (keys: string[]) => {
      mgets.push(keys.length);
      return mget(keys);
    };
    service = new RevocationService(redis);
    await redis.set(revokedSessionKey('sid-revoked'), '1');
    await redis.set(bannedUserKey('300'), '1');
    await redis.set(entitlementVersionKey('400'), '7');
  });
  afterAll(async () => {
    redis?.disconnect();
    await ctx?.cleanup();
  });

  it('answers many concurrent checks with one MGET, each with its own state', async () => {
    mgets.length = 0;
    const [active, revoked, banned, versioned, again] = await Promise.all([
      service.check({ sid: 'sid-a', sub: '100' }),
      service.check({ sid: 'sid-revoked', sub: '200' }),
      service.check({ sid: 'sid-b', sub: '300' }),
      service.check({ sid: 'sid-c', sub: '400' }),
      service.check({ sid: 'sid-a', sub: '100' }),
    ]);
    expect(mgets).toEqual([15]);
    expect(active).toEqual({ state: 'active', entitlementVersion: undefined });
    expect(revoked).toEqual({ state: 'revoked', entitlementVersion: undefined });
    expect(banned.state).toBe('banned');
    expect(versioned).toEqual({ state: 'active', entitlementVersion: 7 });
    expect(again).toEqual(active);
  });

  it('a revocation written before the next check is seen by it', async () => {
    expect((await service.check({ sid: 'sid-late', sub: '500' })).state).toBe('active');
    await redis.set(revokedSessionKey('sid-late'), '1');
    expect((await service.check({ sid: 'sid-late', sub: '500' })).state).toBe('revoked');
  });

  it('fails every check of the batch when Redis is unreachable (callers fail closed)', async () => {
    const down = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const offline = new RevocationService(down);
    const results = await Promise.allSettled([
      offline.check({ sid: 'a', sub: '1' }),
      offline.check({ sid: 'b', sub: '2' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    down.disconnect();
  });
});
