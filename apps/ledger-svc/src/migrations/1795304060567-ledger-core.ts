import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class LedgerCore1795304060567 implements MigrationInterface {
  name = 'LedgerCore1795304060567';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."accounts" ("id" BIGSERIAL NOT NULL, "code" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "telegram_id" bigint, "balance" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_accounts_user_owner" CHECK ((kind IN ('user_available', 'user_held')) = (telegram_id IS NOT NULL)), CONSTRAINT "CHK_accounts_user_non_negative" CHECK (kind NOT IN ('user_available', 'user_held') OR balance >= 0), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_accounts_user_kind" ON "${s}"."accounts" ("telegram_id", "kind") WHERE telegram_id IS NOT NULL`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_accounts_code" ON "${s}"."accounts" ("code") `);
    await q.query(
      `CREATE TABLE "${s}"."entries" ("id" BIGSERIAL NOT NULL, "transfer_id" character varying(128) NOT NULL, "account_id" bigint NOT NULL, "amount" bigint NOT NULL, "balance_after" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_23d4e7e9b58d9939f113832915b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_entries_transfer" ON "${s}"."entries" ("transfer_id") `);
    await q.query(
      `CREATE INDEX "IDX_entries_account_id" ON "${s}"."entries" ("account_id", "id") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."balance_refreshes" ("telegram_id" bigint NOT NULL, "balance" bigint NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ed683a43d3b1cf1f4d021793395" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."credited_reports" ("session_id" character varying(64) NOT NULL, "seq" bigint NOT NULL, "telegram_id" bigint NOT NULL, "milli_mb" bigint NOT NULL, "price_per_gb" bigint NOT NULL, "counted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "transfer_id" character varying(128), "source" character varying(16) NOT NULL, "credited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9440cdab2a52f7d1ee69f5ee70" PRIMARY KEY ("session_id", "seq"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_credited_reports_transfer" ON "${s}"."credited_reports" ("transfer_id") `,
    );
    await q.query(
      `CREATE INDEX "IDX_credited_reports_user_day" ON "${s}"."credited_reports" ("telegram_id", "counted_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."income_remainders" ("telegram_id" bigint NOT NULL, "remainder" bigint NOT NULL, CONSTRAINT "CHK_income_remainders_range" CHECK (remainder >= 0 AND remainder < 1024000), CONSTRAINT "PK_af1d37b5ab43fc4a37b9673dd70" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."reconciliation_cursors" ("name" character varying(32) NOT NULL, "checked_until" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1b1aaf2d2aa29cb2441faacb3f8" PRIMARY KEY ("name"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."user_daily_earnings" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "milli_mb" bigint NOT NULL DEFAULT '0', "earned" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_7da77d4cfffd9457d0c07d174cf" PRIMARY KEY ("telegram_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."audit_log" ("id" BIGSERIAL NOT NULL, "actor_id" bigint NOT NULL, "target_id" bigint NOT NULL, "action" character varying(64) NOT NULL, "details" jsonb NOT NULL DEFAULT '{}'::jsonb, "ip" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_audit_log_target_created" ON "${s}"."audit_log" ("target_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."daily_prices" ("date" date NOT NULL, "price_per_gb" bigint NOT NULL, "message" text NOT NULL DEFAULT '', "push" boolean NOT NULL DEFAULT false, "updated_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_daily_prices_positive" CHECK (price_per_gb > 0), CONSTRAINT "PK_fd24cb7b4c6755a227ac69116d0" PRIMARY KEY ("date"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."price_revisions" ("id" BIGSERIAL NOT NULL, "date" date NOT NULL, "price_per_gb" bigint NOT NULL, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8fa0fa83b893368a45592cde1c8" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_price_revisions_date" ON "${s}"."price_revisions" ("date", "effective_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."promo_activations" ("promo_id" bigint NOT NULL, "telegram_id" bigint NOT NULL, "transfer_id" character varying(128) NOT NULL, "base" bigint NOT NULL, "bonus" bigint NOT NULL, "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de5644c24f42ce62b3ee6afc75e" PRIMARY KEY ("promo_id", "telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."promo_codes" ("id" BIGSERIAL NOT NULL, "code" character varying(64) NOT NULL, "bonus_basis_points" integer NOT NULL, "max_bonus" bigint, "expires_at" TIMESTAMP WITH TIME ZONE, "is_active" boolean NOT NULL DEFAULT true, "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deactivated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_promo_codes_bonus" CHECK (bonus_basis_points > 0 AND bonus_basis_points <= 10000), CONSTRAINT "PK_c7b4f01710fda5afa056a2b4a35" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_promo_codes_code" ON "${s}"."promo_codes" ("code") `);
    await q.query(
      `CREATE TABLE "${s}"."transfers" ("id" character varying(128) NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "telegram_id" bigint, "debit_account_id" bigint NOT NULL, "credit_account_id" bigint NOT NULL, "amount" bigint NOT NULL, "pending_id" character varying(128), "reference" character varying(128) NOT NULL DEFAULT '', "note" text NOT NULL DEFAULT '', "milli_mb" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_transfers_status" CHECK (status IN ('pending', 'posted', 'voided')), CONSTRAINT "CHK_transfers_distinct_accounts" CHECK (debit_account_id <> credit_account_id), CONSTRAINT "CHK_transfers_amount_positive" CHECK (amount > 0), CONSTRAINT "PK_f712e908b465e0085b4408cabc3" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_transfers_pending" ON "${s}"."transfers" ("pending_id") WHERE pending_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_transfers_user_created" ON "${s}"."transfers" ("telegram_id", "created_at") `,
    );
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'::jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'`);
    await q.query(`DROP INDEX "${s}"."IDX_transfers_user_created"`);
    await q.query(`DROP INDEX "${s}"."UQ_transfers_pending"`);
    await q.query(`DROP TABLE "${s}"."transfers"`);
    await q.query(`DROP INDEX "${s}"."UQ_promo_codes_code"`);
    await q.query(`DROP TABLE "${s}"."promo_codes"`);
    await q.query(`DROP TABLE "${s}"."promo_activations"`);
    await q.query(`DROP INDEX "${s}"."IDX_price_revisions_date"`);
    await q.query(`DROP TABLE "${s}"."price_revisions"`);
    await q.query(`DROP TABLE "${s}"."daily_prices"`);
    await q.query(`DROP INDEX "${s}"."IDX_audit_log_target_created"`);
    await q.query(`DROP TABLE "${s}"."audit_log"`);
    await q.query(`DROP TABLE "${s}"."user_daily_earnings"`);
    await q.query(`DROP TABLE "${s}"."reconciliation_cursors"`);
    await q.query(`DROP TABLE "${s}"."income_remainders"`);
    await q.query(`DROP INDEX "${s}"."IDX_credited_reports_user_day"`);
    await q.query(`DROP INDEX "${s}"."IDX_credited_reports_transfer"`);
    await q.query(`DROP TABLE "${s}"."credited_reports"`);
    await q.query(`DROP TABLE "${s}"."balance_refreshes"`);
    await q.query(`DROP INDEX "${s}"."IDX_entries_account_id"`);
    await q.query(`DROP INDEX "${s}"."IDX_entries_transfer"`);
    await q.query(`DROP TABLE "${s}"."entries"`);
    await q.query(`DROP INDEX "${s}"."UQ_accounts_code"`);
    await q.query(`DROP INDEX "${s}"."UQ_accounts_user_kind"`);
    await q.query(`DROP TABLE "${s}"."accounts"`);
  }
}
