import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a hot read straight on the pg pool as a named prepared statement: Postgres parses and
 * plans it once per connection, and TypeORM's query-runner bookkeeping is skipped. For the few
 * queries on every authenticated request; everything else goes through repositories.
 */
export async function preparedQuery<R extends QueryResultRow>(
  ds: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const result = await pool.query<R>({ name, text, values });
  return result.rows;
}
