import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';
import { connect } from 'nats';
import { Client } from 'pg';

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What `cleanup()` removed. */
export interface CleanupReport {
  readonly schemas: readonly string[];
  readonly streams: readonly string[];
  readonly redisKeys: number;
}

/** Names, URLs and env of one isolated test run, and how to remove what it left behind. */
export interface TestContext {
  /** Random id of the run (lowercase letters and digits). */
  readonly id: string;
  readonly label: string;
  /** Prefix of every Postgres schema of the run, e.g. `t_ledger_k3x9qa_`. */
  readonly schemaPrefix: string;
  /** Prefix of JetStream streams and subjects, e.g. `Tk3x9qa_`. */
  readonly natsPrefix: string;
  /** Prefix of Redis keys, e.g. `t:ledger:k3x9qa:`. */
  readonly redisPrefix: string;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly redisUrl: string;
  /** Environment for an app under test (merge over process.env or pass as its env). */
  readonly env: Readonly<Record<string, string>>;
  /** The run's name for a schema: `${schemaPrefix}${base}`. */
  schema(base: string): string;
  /** Creates the run's schema `base` (if missing) and returns its full name. */
  createSchema(base: string): Promise<string>;
  /** Drops the run's schemas (CASCADE), deletes its streams and Redis keys. */
  cleanup(): Promise<CleanupReport>;
}

/** A fresh, isolated run: nothing it creates collides with other runs or other test files. */
export function createTestContext(label: string): TestContext {
  const id = randomId(6);
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 20) || 'run';
  const schemaPrefix = `t_${safeLabel}_${id}_`;
  const natsPrefix = `T${id}_`;
  const redisPrefix = `t:${safeLabel}:${id}:`;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: TEST_DATABASE_URL,
    DB_SCHEMA_PREFIX: schemaPrefix,
    NATS_URL: TEST_NATS_URL,
    NATS_PREFIX: natsPrefix,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
  };
  const schema = (base: string): string => {
    if (!/^[a-z0-9_]+$/.test(base))
      throw new Error(`Schema base "${base}" must be lowercase letters, digits or _`);
    return `${schemaPrefix}${base}`;
  };
  return {
    id,
    label: safeLabel,
    schemaPrefix,
    natsPrefix,
    redisPrefix,
    databaseUrl: TEST_DATABASE_URL,
    natsUrl: TEST_NATS_URL,
    redisUrl: TEST_REDIS_URL,
    env,
    schema,
    createSchema: async (base) => {
      const name = schema(base);
      await withPg(TEST_DATABASE_URL, (pg) => pg.query(`CREATE SCHEMA IF NOT EXISTS "${name}"`));
      return name;
    },
    cleanup: () => cleanupRun({ schemaPrefix, natsPrefix, redisPrefix }),
  };
}

async function cleanupRun(run: {
  schemaPrefix: string;
  natsPrefix: string;
  redisPrefix: string;
}): Promise<CleanupReport> {
  // Each store is cleaned even when another one fails; the failures are reported together.
  const [schemas, streams, redisKeys] = await Promise.allSettled([
    dropSchemas(run.schemaPrefix),
    deleteStreams(run.natsPrefix),
    deleteRedisKeys(run.redisPrefix),
  ]);
  const errors = [schemas, streams, redisKeys].flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  if (errors.length > 0)
    throw new AggregateError(errors, `test cleanup failed: ${errors.map(String).join('; ')}`);
  return {
    schemas: schemas.status === 'fulfilled' ? schemas.value : [],
    streams: streams.status === 'fulfilled' ? streams.value : [],
    redisKeys: redisKeys.status === 'fulfilled' ? redisKeys.value : 0,
  };
}

async function dropSchemas(prefix: string): Promise<string[]> {
  return withPg(TEST_DATABASE_URL, async (pg) => {
    // left() rather than LIKE: `_` in the prefix would be a wildcard.
    const found = await pg.query<{ nspname: string }>(
      'SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1 ORDER BY nspname',
      [prefix],
    );
    const names = found.rows.map((r) => r.nspname);
    for (const name of names)
      await pg.query(`DROP SCHEMA IF EXISTS "${name.replace(/"/g, '""')}" CASCADE`);
    return names;
  });
}

async function deleteStreams(prefix: string): Promise<string[]> {
  const nc = await connect({ servers: TEST_NATS_URL, name: 'test-cleanup', timeout: 5_000 });
  try {
    const jsm = await nc.jetstreamManager();
    const deleted: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(prefix)) {
        await jsm.streams.delete(name);
        deleted.push(name);
      }
    }
    return deleted.sort();
  } finally {
    await nc.close();
  }
}

async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    let deleted = 0;
    const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

async function withPg<R>(url: string, fn: (pg: Client) => Promise<R>): Promise<R> {
  const pg = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  // The first character is a letter so names never start with a digit.
  return Array.from(bytes, (b, i) =>
    i === 0 ? alphabet[b % 26] : alphabet[b % alphabet.length],
  ).join('');
}
