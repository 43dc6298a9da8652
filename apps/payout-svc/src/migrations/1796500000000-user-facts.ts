import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class UserFacts1796500000000 implements MigrationInterface {
  name = 'UserFacts1796500000000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    // What payout-svc knows of a user from auth-svc's events (never from auth's tables).
    await q.query(
      `CREATE TABLE "${s}"."user_facts" (
        "telegram_id" bigint NOT NULL,
        "registered_at" TIMESTAMP WITH TIME ZONE,
        "premium" boolean NOT NULL DEFAULT false,
        "subscription_version" integer NOT NULL DEFAULT -1,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_user_facts" PRIMARY KEY ("telegram_id")
      )`,
    );
    // When the row last entered processing (the stuck-in-processing gauge measures from here).
    await q.query(
      `ALTER TABLE "${s}"."withdraw_requests" ADD "processing_at" TIMESTAMP WITH TIME ZONE`,
    );
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_completed" ON "${s}"."withdraw_requests" ("processed_at") WHERE "status" = 'completed'`,
    );
    await q.query(
      `CREATE INDEX "IDX_payout_audit_blacklist" ON "${s}"."payout_audit" ("id") WHERE "withdraw_id" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_payout_audit_blacklist"`);
    await q.query(`DROP INDEX "${s}"."IDX_withdraw_requests_completed"`);
    await q.query(`ALTER TABLE "${s}"."withdraw_requests" DROP COLUMN "processing_at"`);
    await q.query(`DROP TABLE "${s}"."user_facts"`);
  }
}
