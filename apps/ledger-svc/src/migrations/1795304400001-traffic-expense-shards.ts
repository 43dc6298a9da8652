import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

// Data migration: shards of the traffic expense account. Every income batch debits the traffic
// expense; with one account, concurrent batches (several consumers, replicas) queue on its row
// lock. Each income worker debits its own shard (platform:traffic_expense:<n>; shard 0 is the
// original account); the ledger check sums them like any other account.
export const TRAFFIC_EXPENSE_SHARDS = 8;

export class TrafficExpenseShards1795304400001 implements MigrationInterface {
  name = 'TrafficExpenseShards1795304400001';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `INSERT INTO "${s}"."accounts" ("code", "kind")
       SELECT 'platform:traffic_expense:' || n, 'traffic_expense' FROM generate_series(1, $1 - 1) AS n
       ON CONFLICT DO NOTHING`,
      [TRAFFIC_EXPENSE_SHARDS],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    void q;
    // Accounts are never deleted (they may carry entries).
  }
}
