import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class RelayCredits1796500000000 implements MigrationInterface {
  name = 'RelayCredits1796500000000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `ALTER TABLE "${s}"."relayed_traffic" ADD "credited_milli_mb" bigint NOT NULL DEFAULT '0'`,
    );
    await q.query(
      `ALTER TABLE "${s}"."relayed_traffic" ADD "credits" integer NOT NULL DEFAULT '0'`,
    );
    await q.query(
      `ALTER TABLE "${s}"."traffic_sessions" ADD "relay_counted" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."traffic_sessions" DROP COLUMN "relay_counted"`);
    await q.query(`ALTER TABLE "${s}"."relayed_traffic" DROP COLUMN "credits"`);
    await q.query(`ALTER TABLE "${s}"."relayed_traffic" DROP COLUMN "credited_milli_mb"`);
  }
}
