import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';

/** The reconciliation job's state: its cursor and the lock that keeps it to one replica. */
@Injectable()
export class ReconciliationRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /**
   * Runs `work` while holding the Postgres advisory lock `name` on a dedicated connection (a dead
   * replica's lock goes with its connection); resolves undefined when another holder has it.
   */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    const key = `${this.sql.schema}:${name}`;
    try {
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      )) as Array<{ locked: boolean }>;
      if (!locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      }
    } finally {
      await runner.release();
    }
  }

  /** How far the cursor `name` has checked (undefined before its first pass). */
  async checkedUntil(name: string): Promise<Date | undefined> {
    const rows: Array<{ checked_until: Date }> = await this.ds.query(
      `SELECT checked_until FROM ${this.sql.t('reconciliation_cursors')} WHERE name = $1`,
      [name],
    );
    return rows[0]?.checked_until;
  }

  /** Moves the cursor forward (never back: two passes may finish out of order). */
  async advance(name: string, until: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.sql.t('reconciliation_cursors')} (name, checked_until, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET checked_until = greatest(reconciliation_cursors.checked_until, EXCLUDED.checked_until), updated_at = now()`,
      [name, until],
    );
  }
}
