import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';

import { createTestContext, type TestContext } from './test-context';

describe(createTestContext.name, () => {
  let pg: Client;
  let nc: NatsConnection;
  let redis: Redis;

  beforeAll(async () => {
    const probe = createTestContext('probe');
    pg = new Client({ connectionString: probe.databaseUrl });
    await pg.connect();
    nc = await connect({ servers: probe.natsUrl });
    redis = new Redis(probe.redisUrl);
  });

  afterAll(async () => {
    await pg.end();
    await nc.close();
    redis.disconnect();
  });

  it('gives each run safe, distinct names and the env an app needs', () => {
    const a = createTestContext('Ledger Svc!');
    const b = createTestContext('Ledger Svc!');
    expect(a.id).not.toBe(b.id);
    expect(a.schemaPrefix).toMatch(/^t_ledger_svc_[a-z][a-z0-9]{5}_$/);
    expect(a.natsPrefix).toMatch(/^T[a-z][a-z0-9]{5}_$/);
    expect(a.redisPrefix).toBe(`t:ledger_svc:${a.id}:`);
    expect(a.schema('ledger')).toBe(`${a.schemaPrefix}ledger`);
    expect(() => a.schema('Ledger; DROP')).toThrow();
    expect(a.env).toEqual({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: a.databaseUrl,
      DB_SCHEMA_PREFIX: a.schemaPrefix,
      NATS_URL: a.natsUrl,
      NATS_PREFIX: a.natsPrefix,
      REDIS_URL: a.redisUrl,
      REDIS_KEY_PREFIX: a.redisPrefix,
    });
  });

  it('cleanup removes the run schemas, streams and Redis keys and nothing else', async () => {
    const ctx: TestContext = createTestContext('cleanup');
    const other = createTestContext('cleanup');
    const jsm = await nc.jetstreamManager();
    for (const c of [ctx, other]) {
      await c.createSchema('ledger');
      await pg.query(`CREATE TABLE "${c.schema('ledger')}".t (id int)`);
      await c.createSchema('auth');
      await jsm.streams.add({
        name: `${c.natsPrefix}EVENTS`,
        subjects: [`${c.natsPrefix}events.>`],
      });
      for (let i = 0; i < 1_200; i += 1) await redis.set(`${c.redisPrefix}k${i}`, '1', 'EX', 600);
    }

    const report = await ctx.cleanup();

    expect(report.schemas).toEqual([ctx.schema('auth'), ctx.schema('ledger')]);
    expect(report.streams).toEqual([`${ctx.natsPrefix}EVENTS`]);
    expect(report.redisKeys).toBe(1_200);
    const schemas = await pg.query<{ nspname: string }>(
      "SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_cleanup\\_%' ORDER BY nspname",
    );
    const names = schemas.rows.map((r) => r.nspname);
    expect(names.filter((n) => n.startsWith(ctx.schemaPrefix))).toEqual([]);
    expect(names.filter((n) => n.startsWith(other.schemaPrefix))).toHaveLength(2);
    const streams: string[] = [];
    for await (const name of jsm.streams.names()) streams.push(name);
    expect(streams).not.toContain(`${ctx.natsPrefix}EVENTS`);
    expect(streams).toContain(`${other.natsPrefix}EVENTS`);
    expect(await redis.exists(`${ctx.redisPrefix}k0`)).toBe(0);
    expect(await redis.exists(`${other.redisPrefix}k0`)).toBe(1);

    await other.cleanup();
    expect(await redis.exists(`${other.redisPrefix}k0`)).toBe(0);
  });
});
