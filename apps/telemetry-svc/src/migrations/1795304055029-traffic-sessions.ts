import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class TrafficSessions1795304055029 implements MigrationInterface {
  name = 'TrafficSessions1795304055029';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."daily_prices" ("day" date NOT NULL, "price_per_gb_micro_usd" bigint NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_daily_prices" PRIMARY KEY ("day"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."user_daily_earnings" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "earned_micro_usd" bigint NOT NULL DEFAULT '0', "credited_milli_mb" bigint NOT NULL DEFAULT '0', "price_per_gb_micro_usd" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_user_daily_earnings" PRIMARY KEY ("telegram_id", "day"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_user_daily_earnings_day" ON "${s}"."user_daily_earnings" ("day") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."reconciliation_mismatches" ("session_id" uuid NOT NULL, "phase" text NOT NULL, "telegram_id" bigint NOT NULL, "client_milli_mb" bigint NOT NULL, "server_milli_mb" bigint NOT NULL, "missing_reports" bigint NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_reconciliation_mismatches" PRIMARY KEY ("session_id", "phase"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_reconciliation_mismatches_user" ON "${s}"."reconciliation_mismatches" ("telegram_id", "detected_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."session_reports" ("session_id" uuid NOT NULL, "seq" bigint NOT NULL, "telegram_id" bigint NOT NULL, "delta_milli_mb" bigint NOT NULL, "counted_milli_mb" bigint NOT NULL, "cumulative_milli_mb" bigint NOT NULL, "speed_milli_mb_s" bigint NOT NULL DEFAULT '0', "battery_level" smallint, "network_type" text NOT NULL DEFAULT '', "client_timestamp" TIMESTAMP WITH TIME ZONE, "counted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_session_reports" PRIMARY KEY ("session_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."traffic_sessions" ("id" uuid NOT NULL, "telegram_id" bigint NOT NULL, "device_id" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "filter_status" text NOT NULL, "bypass" boolean NOT NULL DEFAULT false, "user_role" text NOT NULL, "filter_decision_id" text, "ip_address" text NOT NULL DEFAULT '', "client_local_ip" text NOT NULL DEFAULT '', "country" text NOT NULL DEFAULT '', "network_type" text NOT NULL DEFAULT '', "app_version" text NOT NULL DEFAULT '', "os" text NOT NULL DEFAULT '', "battery_level" smallint, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_report_at" TIMESTAMP WITH TIME ZONE, "server_counted_milli_mb" bigint NOT NULL DEFAULT '0', "reported_milli_mb" bigint NOT NULL DEFAULT '0', "local_counted_milli_mb" bigint NOT NULL DEFAULT '0', "report_count" integer NOT NULL DEFAULT '0', "max_seq" bigint NOT NULL DEFAULT '0', "last_speed_milli_mb_s" bigint NOT NULL DEFAULT '0', "speed_sum" double precision NOT NULL DEFAULT '0', "speed_sq_sum" double precision NOT NULL DEFAULT '0', "interruptions" integer NOT NULL DEFAULT '0', "reconciliation_status" text NOT NULL DEFAULT 'ok', "mismatch_milli_mb" bigint NOT NULL DEFAULT '0', "earned_micro_usd" bigint, "quality_score" smallint, "reviewed_at" TIMESTAMP WITH TIME ZONE, "stop_reason" text NOT NULL DEFAULT '', "duration_s" integer, CONSTRAINT "PK_6c67506afe5990a8ad89566492b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_traffic_sessions_closed" ON "${s}"."traffic_sessions" ("ended_at", "id") WHERE "status" <> 'active'`,
    );
    await q.query(
      `CREATE INDEX "IDX_traffic_sessions_active_seen" ON "${s}"."traffic_sessions" ("last_seen_at") WHERE "status" = 'active'`,
    );
    await q.query(
      `CREATE INDEX "IDX_traffic_sessions_user_started" ON "${s}"."traffic_sessions" ("telegram_id", "started_at") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_traffic_sessions_active_device" ON "${s}"."traffic_sessions" ("device_id") WHERE "status" = 'active'`,
    );
    await q.query(
      `CREATE TABLE "${s}"."user_daily_traffic" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "sent_milli_mb" bigint NOT NULL DEFAULT '0', "report_count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_user_daily_traffic" PRIMARY KEY ("telegram_id", "day"))`,
    );
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'::jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'`);
    await q.query(`DROP TABLE "${s}"."user_daily_traffic"`);
    await q.query(`DROP INDEX "${s}"."UQ_traffic_sessions_active_device"`);
    await q.query(`DROP INDEX "${s}"."IDX_traffic_sessions_user_started"`);
    await q.query(`DROP INDEX "${s}"."IDX_traffic_sessions_active_seen"`);
    await q.query(`DROP INDEX "${s}"."IDX_traffic_sessions_closed"`);
    await q.query(`DROP TABLE "${s}"."traffic_sessions"`);
    await q.query(`DROP TABLE "${s}"."session_reports"`);
    await q.query(`DROP INDEX "${s}"."IDX_reconciliation_mismatches_user"`);
    await q.query(`DROP TABLE "${s}"."reconciliation_mismatches"`);
    await q.query(`DROP INDEX "${s}"."IDX_user_daily_earnings_day"`);
    await q.query(`DROP TABLE "${s}"."user_daily_earnings"`);
    await q.query(`DROP TABLE "${s}"."daily_prices"`);
  }
}
