import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class NewsReports1796421015092 implements MigrationInterface {
  name = 'NewsReports1796421015092';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."announcements" ("id" uuid NOT NULL, "title" text NOT NULL, "description" text NOT NULL, "image_url" text NOT NULL DEFAULT '', "link" text NOT NULL DEFAULT '', "push" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "publish_at" TIMESTAMP WITH TIME ZONE, "visible_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "created_by" bigint NOT NULL, CONSTRAINT "PK_b3ad760876ff2e19d58e05dc8b0" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_announcements_unpublished" ON "${s}"."announcements" ("published_at") WHERE "published_at" IS NULL`,
    );
    await q.query(
      `CREATE INDEX "IDX_announcements_visible" ON "${s}"."announcements" ("visible_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."earnings_days" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "amount_micro_usd" bigint NOT NULL DEFAULT '0', "milli_mb" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_28d5dd08e2e820d8b47efb17974" PRIMARY KEY ("telegram_id", "day"))`,
    );
    await q.query(`CREATE INDEX "IDX_earnings_days_day" ON "${s}"."earnings_days" ("day") `);
    await q.query(
      `CREATE TABLE "${s}"."referral_days" ("telegram_id" bigint NOT NULL, "day" date NOT NULL, "amount_micro_usd" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_e838965d4fdc64efcad2eddf48f" PRIMARY KEY ("telegram_id", "day"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."report_runs" ("kind" text NOT NULL, "period" text NOT NULL, "recipients" integer NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c588fe5c8521124cea4b61aa75e" PRIMARY KEY ("kind", "period"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."live_sessions" ("session_id" text NOT NULL, "telegram_id" bigint NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "total_milli_mb" bigint NOT NULL DEFAULT '0', "summarized_milli_mb" bigint NOT NULL DEFAULT '0', "summarized_at" TIMESTAMP WITH TIME ZONE NOT NULL, "summaries" integer NOT NULL DEFAULT '0', "stopped_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6dc16349b8247b30ec0eafa3665" PRIMARY KEY ("session_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_live_sessions_due" ON "${s}"."live_sessions" ("summarized_at") WHERE "stopped_at" IS NULL`,
    );
    await q.query(`ALTER TABLE "${s}"."notifications" ADD "event_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `ALTER TABLE "${s}"."recipients" ADD "push_notifications" boolean NOT NULL DEFAULT true`,
    );
    await q.query(
      `ALTER TABLE "${s}"."recipients" ADD "session_updates" boolean NOT NULL DEFAULT true`,
    );
    await q.query(
      `ALTER TABLE "${s}"."recipients" ADD "system_updates" boolean NOT NULL DEFAULT true`,
    );
    await q.query(`ALTER TABLE "${s}"."recipients" ADD "settings_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."recipients" DROP COLUMN "settings_at"`);
    await q.query(`ALTER TABLE "${s}"."recipients" DROP COLUMN "system_updates"`);
    await q.query(`ALTER TABLE "${s}"."recipients" DROP COLUMN "session_updates"`);
    await q.query(`ALTER TABLE "${s}"."recipients" DROP COLUMN "push_notifications"`);
    await q.query(`ALTER TABLE "${s}"."notifications" DROP COLUMN "event_at"`);
    await q.query(`DROP INDEX "${s}"."IDX_live_sessions_due"`);
    await q.query(`DROP TABLE "${s}"."live_sessions"`);
    await q.query(`DROP TABLE "${s}"."report_runs"`);
    await q.query(`DROP TABLE "${s}"."referral_days"`);
    await q.query(`DROP INDEX "${s}"."IDX_earnings_days_day"`);
    await q.query(`DROP TABLE "${s}"."earnings_days"`);
    await q.query(`DROP INDEX "${s}"."IDX_announcements_visible"`);
    await q.query(`DROP INDEX "${s}"."IDX_announcements_unpublished"`);
    await q.query(`DROP TABLE "${s}"."announcements"`);
  }
}
