import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

// Referral program tables (generated) plus the platform referral expense account and its
// shards (hand-written data: platform:referral_expense, platform:referral_expense:<n>, like the
// traffic expense shards: each income worker debits its own).
const REFERRAL_EXPENSE_SHARDS = 8;

export class Referrals1796410907597 implements MigrationInterface {
  name = 'Referrals1796410907597';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."referral_links" ("referral_id" bigint NOT NULL, "referrer_id" bigint NOT NULL, "status" character varying(16) NOT NULL, "reason" character varying(32) NOT NULL DEFAULT '', "banned" boolean NOT NULL DEFAULT false, "shared_milli_mb" bigint NOT NULL DEFAULT '0', "bonus_transfer_id" character varying(128), "attributed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_75928b007a0e7aac15ef08e269c" PRIMARY KEY ("referral_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_referral_links_referrer" ON "${s}"."referral_links" ("referrer_id") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."referral_rewards" ("income_transfer_id" character varying(128) NOT NULL, "beneficiary_id" bigint NOT NULL, "source_id" bigint NOT NULL, "tier" smallint NOT NULL, "income" bigint NOT NULL, "numerator" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_231ab833526dce3f22e5d60fdc1" PRIMARY KEY ("income_transfer_id", "beneficiary_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."referral_pairs" ("beneficiary_id" bigint NOT NULL, "source_id" bigint NOT NULL, "tier" smallint NOT NULL, "numerator" bigint NOT NULL DEFAULT '0', "income" bigint NOT NULL DEFAULT '0', "clawed_back" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_7c0a7ae9d663fbfc99b53d3bb80" PRIMARY KEY ("beneficiary_id", "source_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."referral_remainders" ("telegram_id" bigint NOT NULL, "remainder" bigint NOT NULL DEFAULT '0', CONSTRAINT "CHK_referral_remainders_range" CHECK (remainder >= 0 AND remainder < 10000), CONSTRAINT "PK_referral_remainders" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `INSERT INTO "${s}"."accounts" ("code", "kind") VALUES ('platform:referral_expense', 'referral_expense') ON CONFLICT DO NOTHING`,
    );
    await q.query(
      `INSERT INTO "${s}"."accounts" ("code", "kind")
       SELECT 'platform:referral_expense:' || n, 'referral_expense' FROM generate_series(1, $1 - 1) AS n
       ON CONFLICT DO NOTHING`,
      [REFERRAL_EXPENSE_SHARDS],
    );
    await q.query(
      `CREATE TABLE "${s}"."referral_daily_earnings" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "tier" smallint NOT NULL, "earned" bigint NOT NULL DEFAULT '0', "income" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_acc76a9a4235b6b752d4c952b99" PRIMARY KEY ("telegram_id", "day", "tier"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."referral_daily_earnings"`);
    await q.query(`DROP TABLE "${s}"."referral_remainders"`);
    await q.query(`DROP TABLE "${s}"."referral_pairs"`);
    await q.query(`DROP TABLE "${s}"."referral_rewards"`);
    await q.query(`DROP INDEX "${s}"."IDX_referral_links_referrer"`);
    await q.query(`DROP TABLE "${s}"."referral_links"`);
  }
}
