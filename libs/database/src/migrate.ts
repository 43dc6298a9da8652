import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** Creates the database named in `url` when it does not exist (connects to `postgres`). */
export async function ensureDatabase(url: string): Promise<{ created: boolean }> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`DATABASE_URL names database "${name}"; use letters, digits, _ or - only`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount && found.rowCount > 0) return { created: false };
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (err) {
      // Another process created it between our check and create.
      if ((err as { code?: string }).code !== '42P04') throw err;
      return { created: false };
    }
    return { created: true };
  } finally {
    await client.end();
  }
}

export interface MigrationResult {
  readonly schema: string;
  readonly applied: string[];
  readonly head: string | null;
}

/**
 * Creates the service schema and applies pending migrations. A Postgres advisory lock keyed
 * on the schema serialises concurrent boots of several replicas.
 */
export async function migrateUp(ds: DataSource): Promise<MigrationResult> {
  const schema = schemaOf(ds);
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return { schema, applied: applied.map((m) => m.name), head: await migrationHead(ds) };
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

/** Reverts the newest `steps` migrations. */
export async function migrateDown(ds: DataSource, steps = 1): Promise<string[]> {
  const reverted: string[] = [];
  for (let i = 0; i < steps; i += 1) {
    const before = await migrationHead(ds);
    if (!before) break;
    await ds.undoLastMigration({ transaction: 'each' });
    reverted.push(before);
  }
  return reverted;
}

/** Name of the newest applied migration, or null. */
export async function migrationHead(ds: DataSource): Promise<string | null> {
  const schema = schemaOf(ds);
  const rows = await ds
    .query<Array<{ name: string }>>(
      `SELECT name FROM "${schema}"."migrations" ORDER BY timestamp DESC, id DESC LIMIT 1`,
    )
    .catch((): Array<{ name: string }> => []);
  return rows[0]?.name ?? null;
}

export function schemaOf(ds: DataSource): string {
  const schema = (ds.options as { schema?: string }).schema;
  if (!schema) throw new Error('DataSource has no schema; build it with createServiceDataSource');
  return schema;
}

/** The schema a migration runs in (the DataSource's service schema, prefixed in tests). */
export function migrationSchema(q: { connection: DataSource }): string {
  return schemaOf(q.connection);
}
