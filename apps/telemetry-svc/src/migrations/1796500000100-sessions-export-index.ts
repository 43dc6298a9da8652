import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class SessionsExportIndex1796500000100 implements MigrationInterface {
  name = 'SessionsExportIndex1796500000100';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE INDEX "IDX_traffic_sessions_started_id" ON "${s}"."traffic_sessions" ("started_at", "id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_traffic_sessions_started_id"`);
  }
}
