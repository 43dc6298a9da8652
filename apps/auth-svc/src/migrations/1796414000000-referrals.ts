import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class Referrals1796414000000 implements MigrationInterface {
  name = 'Referrals1796414000000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."referral_codes" ("telegram_id" bigint NOT NULL, "code" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac7681288d70fb8eeac66452ac4" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_referral_codes_code" ON "${s}"."referral_codes" ("code") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."referrals" ("referral_id" bigint NOT NULL, "referrer_id" bigint NOT NULL, "status" character varying(16) NOT NULL, "reason" character varying(32) NOT NULL DEFAULT '', "via" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "voided_at" TIMESTAMP WITH TIME ZONE, "voided_by" bigint, CONSTRAINT "PK_baba1f2b1904abaa1ce3acd764a" PRIMARY KEY ("referral_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_referrals_referrer_created" ON "${s}"."referrals" ("referrer_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."referral_attempts" ("id" BIGSERIAL NOT NULL, "telegram_id" bigint NOT NULL, "code" character varying(64) NOT NULL, "referrer_id" bigint, "reason" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b68771728698a2234c8838e35a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_referral_attempts_referrer" ON "${s}"."referral_attempts" ("referrer_id") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_referral_attempts_user_code_reason" ON "${s}"."referral_attempts" ("telegram_id", "code", "reason") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."UQ_referral_attempts_user_code_reason"`);
    await q.query(`DROP INDEX "${s}"."IDX_referral_attempts_referrer"`);
    await q.query(`DROP TABLE "${s}"."referral_attempts"`);
    await q.query(`DROP INDEX "${s}"."IDX_referrals_referrer_created"`);
    await q.query(`DROP TABLE "${s}"."referrals"`);
    await q.query(`DROP INDEX "${s}"."UQ_referral_codes_code"`);
    await q.query(`DROP TABLE "${s}"."referral_codes"`);
  }
}
