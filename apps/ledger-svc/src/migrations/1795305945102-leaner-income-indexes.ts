import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class LeanerIncomeIndexes1795305945102 implements MigrationInterface {
  name = 'LeanerIncomeIndexes1795305945102';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_entries_transfer"`);
    await q.query(`DROP INDEX "${s}"."IDX_credited_reports_user_day"`);
    await q.query(`ALTER TABLE "${s}"."audit_log" ALTER COLUMN "details" SET DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'::jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'`);
    await q.query(`ALTER TABLE "${s}"."audit_log" ALTER COLUMN "details" SET DEFAULT '{}'`);
    await q.query(
      `CREATE INDEX "IDX_credited_reports_user_day" ON "${s}"."credited_reports" ("telegram_id", "counted_at") `,
    );
    await q.query(`CREATE INDEX "IDX_entries_transfer" ON "${s}"."entries" ("transfer_id") `);
  }
}
