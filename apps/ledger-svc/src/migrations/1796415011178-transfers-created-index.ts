import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class TransfersCreatedIndex1796415011178 implements MigrationInterface {
  name = 'TransfersCreatedIndex1796415011178';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE INDEX "IDX_transfers_created_id" ON "${s}"."transfers" ("created_at", "id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_transfers_created_id"`);
  }
}
