import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class WithdrawsExportIndex1796500000100 implements MigrationInterface {
  name = 'WithdrawsExportIndex1796500000100';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_created_id" ON "${s}"."withdraw_requests" ("created_at", "id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_withdraw_requests_created_id"`);
  }
}
