import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class RelayedTraffic1796412475303 implements MigrationInterface {
  name = 'RelayedTraffic1796412475303';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."relayed_traffic" ("session_id" uuid NOT NULL, "telegram_id" bigint NOT NULL, "bytes_up" bigint NOT NULL DEFAULT '0', "bytes_down" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_454d5cc3d00afb78f19cd364bcc" PRIMARY KEY ("session_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_relayed_traffic_owner" ON "${s}"."relayed_traffic" ("telegram_id") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."relay_batches" ("batch_id" uuid NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_bd928b76304fdfd64b8b8a7a396" PRIMARY KEY ("batch_id"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."relay_batches"`);
    await q.query(`DROP INDEX "${s}"."IDX_relayed_traffic_owner"`);
    await q.query(`DROP TABLE "${s}"."relayed_traffic"`);
  }
}
