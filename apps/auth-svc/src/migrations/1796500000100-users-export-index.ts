import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class UsersExportIndex1796500000100 implements MigrationInterface {
  name = 'UsersExportIndex1796500000100';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE INDEX "IDX_users_created_id" ON "${s}"."users" ("created_at", "telegram_id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_users_created_id"`);
  }
}
