import { randomBytes } from 'node:crypto';

import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { createServiceDataSource } from './data-source';
import { ensureDatabase, migrateDown, migrateUp, migrationHead, migrationSchema } from './migrate';
import { preparedQuery } from './prepared-query';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

class CreateWidgets1700000000000 implements MigrationInterface {
  name = 'CreateWidgets1700000000000';
  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE "${s}"."widgets" ("id" serial PRIMARY KEY, "name" text NOT NULL)`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${migrationSchema(q)}"."widgets"`);
  }
}

class AddColor1700000000001 implements MigrationInterface {
  name = 'AddColor1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}"."widgets" ADD "color" text`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}"."widgets" DROP COLUMN "color"`);
  }
}

describe('database migrations', () => {
  const schema = `t_db_${randomBytes(4).toString('hex')}`;
  const ds = createServiceDataSource({
    url: ADMIN_URL,
    schema,
    entities: [],
    migrations: [CreateWidgets1700000000000, AddColor1700000000001],
  });

  beforeAll(() => ds.initialize());
  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('creates the schema, applies migrations in it, and is a no-op the second time', async () => {
    const first = await migrateUp(ds);
    expect(first).toEqual({
      schema,
      applied: ['CreateWidgets1700000000000', 'AddColor1700000000001'],
      head: 'AddColor1700000000001',
    });
    const rows = await ds.query<Array<{ column_name: string }>>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'widgets' ORDER BY column_name`,
      [schema],
    );
    expect(rows.map((r) => r.column_name)).toEqual(['color', 'id', 'name']);
    expect((await migrateUp(ds)).applied).toEqual([]);
  });

  it('runs concurrent migrations once (advisory lock)', async () => {
    await migrateDown(ds, 2);
    const results = await Promise.all([migrateUp(ds), migrateUp(ds)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual([
      'AddColor1700000000001',
      'CreateWidgets1700000000000',
    ]);
  });

  it('reverts step by step with down', async () => {
    expect(await migrateDown(ds, 1)).toEqual(['AddColor1700000000001']);
    expect(await migrationHead(ds)).toBe('CreateWidgets1700000000000');
    expect(await migrateDown(ds, 5)).toEqual(['CreateWidgets1700000000000']);
    expect(await migrationHead(ds)).toBeNull();
  });
});

describe(ensureDatabase.name, () => {
  it('creates a missing database once', async () => {
    const name = `t_db_${randomBytes(4).toString('hex')}`;
    const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
    try {
      expect(await ensureDatabase(url)).toEqual({ created: true });
      expect(await ensureDatabase(url)).toEqual({ created: false });
    } finally {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    }
  });

  it('refuses a database name that is not a plain identifier', async () => {
    await expect(ensureDatabase('postgres://postgres@127.0.0.1:5432/bad%22name')).rejects.toThrow(
      /letters, digits/,
    );
  });
});

describe('preparedQuery', () => {
  const schema = `t_db_${randomBytes(4).toString('hex')}`;
  const ds = createServiceDataSource({
    url: ADMIN_URL,
    schema,
    entities: [],
    migrations: [CreateWidgets1700000000000],
  });

  beforeAll(async () => {
    await ds.initialize();
    await migrateUp(ds);
    await ds.query(`INSERT INTO "${schema}"."widgets" (name) VALUES ('a'), ('b')`);
  });
  afterAll(async () => {
    await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  });

  it('runs a named statement in the service schema, repeatedly', async () => {
    for (const name of ['a', 'b', 'a']) {
      const rows = await preparedQuery<{ name: string }>(
        ds,
        'widget_by_name',
        'SELECT name FROM widgets WHERE name = $1',
        [name],
      );
      expect(rows).toEqual([{ name }]);
    }
  });
});
