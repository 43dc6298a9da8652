import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class AdminTotalsIndexes1796500000300 implements MigrationInterface {
  name = 'AdminTotalsIndexes1796500000300';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE INDEX "IDX_accounts_platform" ON "${s}"."accounts" ("id") WHERE telegram_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_accounts_held_nonzero" ON "${s}"."accounts" ("id") WHERE kind = 'user_held' AND balance <> 0`,
    );
    await q.query(
      `CREATE INDEX "IDX_transfers_pending_withdraw" ON "${s}"."transfers" ("created_at") WHERE kind = 'withdraw' AND status = 'pending'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_transfers_pending_withdraw"`);
    await q.query(`DROP INDEX "${s}"."IDX_accounts_held_nonzero"`);
    await q.query(`DROP INDEX "${s}"."IDX_accounts_platform"`);
  }
}
