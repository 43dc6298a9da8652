import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class ReferralStartDevices1796414000001 implements MigrationInterface {
  name = 'ReferralStartDevices1796414000001';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."referral_start_devices" ("telegram_id" bigint NOT NULL, "device_id" character varying(128) NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9621e37979329073ec6c017752a" PRIMARY KEY ("telegram_id", "device_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_referral_start_devices_device" ON "${s}"."referral_start_devices" ("device_id") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_referral_start_devices_device"`);
    await q.query(`DROP TABLE "${s}"."referral_start_devices"`);
  }
}
