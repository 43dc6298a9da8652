import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class Withdrawals1796400000000 implements MigrationInterface {
  name = 'Withdrawals1796400000000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."withdraw_requests" (
        "id" uuid NOT NULL,
        "telegram_id" bigint NOT NULL,
        "amount_micro_usd" bigint NOT NULL,
        "fee_micro_usd" bigint NOT NULL DEFAULT 0,
        "usd_to_usdt_rate" text NOT NULL,
        "amount_micro_usdt" bigint NOT NULL,
        "net_micro_usdt" bigint NOT NULL,
        "wallet_address" text NOT NULL,
        "network" varchar(16) NOT NULL,
        "status" varchar(32) NOT NULL,
        "hold_id" varchar(128) NOT NULL,
        "reserved_balance" boolean NOT NULL DEFAULT false,
        "provider" varchar(32) NOT NULL,
        "payout_id" text,
        "batch_id" text,
        "tx_hash" text,
        "provider_response" jsonb,
        "failure_reason" text NOT NULL DEFAULT '',
        "note" text NOT NULL DEFAULT '',
        "risk_score" integer NOT NULL DEFAULT 0,
        "risk_factors" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "review_priority" integer NOT NULL DEFAULT 0,
        "client_ip" text NOT NULL DEFAULT '',
        "client_agent" text NOT NULL DEFAULT '',
        "attempts" integer NOT NULL DEFAULT 0,
        "poll_count" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "lease_until" TIMESTAMP WITH TIME ZONE,
        "lease_owner" text,
        "provider_attempted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "processed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_withdraw_requests" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_withdraw_requests_hold" UNIQUE ("hold_id"),
        CONSTRAINT "CHK_withdraw_requests_status" CHECK ("status" IN ('reserving','pending','pending_manual_review','processing','completed','failed','canceled')),
        CONSTRAINT "CHK_withdraw_requests_amount" CHECK ("amount_micro_usd" > 0 AND "net_micro_usdt" >= 0)
      )`,
    );
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_user" ON "${s}"."withdraw_requests" ("telegram_id", "created_at" DESC)`,
    );
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_status" ON "${s}"."withdraw_requests" ("status", "created_at" DESC)`,
    );
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_due" ON "${s}"."withdraw_requests" ("next_attempt_at") WHERE "status" IN ('reserving','pending','processing')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_withdraw_requests_payout" ON "${s}"."withdraw_requests" ("provider", "payout_id") WHERE "payout_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_withdraw_requests_address" ON "${s}"."withdraw_requests" (lower("wallet_address"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."idempotency_keys" (
        "telegram_id" bigint NOT NULL,
        "key" varchar(255) NOT NULL,
        "request_hash" char(64) NOT NULL,
        "withdraw_id" uuid NOT NULL,
        "response" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("telegram_id", "key")
      )`,
    );
    await q.query(
      `CREATE INDEX "IDX_idempotency_keys_expires" ON "${s}"."idempotency_keys" ("expires_at")`,
    );
    await q.query(
      `CREATE TABLE "${s}"."payout_audit" (
        "id" bigserial NOT NULL,
        "withdraw_id" uuid,
        "kind" varchar(32) NOT NULL,
        "provider" varchar(32) NOT NULL DEFAULT '',
        "endpoint" text NOT NULL DEFAULT '',
        "status_code" integer NOT NULL DEFAULT 0,
        "signature_valid" boolean,
        "body" text NOT NULL DEFAULT '',
        "actor" bigint,
        "note" text NOT NULL DEFAULT '',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_payout_audit" PRIMARY KEY ("id")
      )`,
    );
    await q.query(
      `CREATE INDEX "IDX_payout_audit_withdraw" ON "${s}"."payout_audit" ("withdraw_id", "id")`,
    );
    await q.query(
      `CREATE TABLE "${s}"."address_blacklist" (
        "address" text NOT NULL,
        "reason" text NOT NULL DEFAULT '',
        "added_by" bigint,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_address_blacklist" PRIMARY KEY ("address")
      )`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."address_blacklist"`);
    await q.query(`DROP TABLE "${s}"."payout_audit"`);
    await q.query(`DROP TABLE "${s}"."idempotency_keys"`);
    await q.query(`DROP TABLE "${s}"."withdraw_requests"`);
  }
}
