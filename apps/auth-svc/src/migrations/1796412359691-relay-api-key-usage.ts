import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class RelayApiKeyUsage1796412359691 implements MigrationInterface {
  name = 'RelayApiKeyUsage1796412359691';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."api_key_usage_batches" ("batch_id" uuid NOT NULL, "key_count" integer NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_28dc0b587e28dc26fca5cf22cda" PRIMARY KEY ("batch_id"))`,
    );
    await q.query(`ALTER TABLE "${s}"."api_keys" ADD "relayed_bytes" bigint NOT NULL DEFAULT '0'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."api_keys" DROP COLUMN "relayed_bytes"`);
    await q.query(`DROP TABLE "${s}"."api_key_usage_batches"`);
  }
}
