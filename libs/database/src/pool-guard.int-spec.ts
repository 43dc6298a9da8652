import { createServiceDataSource } from './data-source';
import { guardNestedAcquire } from './pool-guard';
import { Transactions } from './transactions';

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// Against the real Postgres: a transaction asking the pool for a second connection is reported;
// work on the transaction's own manager, and queries outside any transaction, are not.
describe('guardNestedAcquire', () => {
  const ds = createServiceDataSource({
    url: URL,
    schema: 'public',
    entities: [],
    migrations: [],
    poolSize: 2,
  });
  const seen: string[] = [];
  beforeAll(async () => {
    await ds.initialize();
    guardNestedAcquire(ds, (stack) => seen.push(stack));
  });
  afterAll(() => ds.destroy());

  it('reports a second acquire inside a transaction, nothing else', async () => {
    const tx = new Transactions(ds);
    await ds.query('SELECT 1');
    await tx.run(async (m) => {
      await m.query('SELECT 1');
    });
    await ds.transaction('REPEATABLE READ', async (m) => {
      await m.query('SELECT 1');
    });
    expect(seen).toHaveLength(0);
    await tx.run(async (m) => {
      await m.query('SELECT 1');
      await ds.query('SELECT 2'); // the mistake: not on `m`
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('pool-guard.int-spec.ts');
    await Promise.all([ds.query('SELECT 1'), ds.query('SELECT 1')]);
    expect(seen).toHaveLength(1);
  }, 30_000);

  it('a throwing handler fails the offending query, not the transaction’s own ones', async () => {
    const strict = createServiceDataSource({
      url: URL,
      schema: 'public',
      entities: [],
      migrations: [],
      poolSize: 2,
    });
    await strict.initialize();
    guardNestedAcquire(strict, () => {
      throw new Error('nested acquire');
    });
    try {
      await expect(
        strict.transaction(async (m) => {
          await m.query('SELECT 1');
          await strict.query('SELECT 2');
        }),
      ).rejects.toThrow('nested acquire');
      const rows = await strict.transaction((m): Promise<unknown[]> => m.query('SELECT 1 AS one'));
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await strict.destroy();
    }
  }, 30_000);
});
