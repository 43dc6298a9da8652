import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class BotSupport1796421099503 implements MigrationInterface {
  name = 'BotSupport1796421099503';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."payout_watch" ("withdraw_id" text NOT NULL, "telegram_id" bigint NOT NULL, "amount_usdt" text NOT NULL, "processing_since" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "alerted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0065858019391adb53fb9fe67b7" PRIMARY KEY ("withdraw_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_payout_watch_open" ON "${s}"."payout_watch" ("finished_at", "processing_since") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."filter_minutes" ("minute" TIMESTAMP WITH TIME ZONE NOT NULL, "decisions" integer NOT NULL DEFAULT '0', "denied" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_8d8910dc9d5a621630331fa576e" PRIMARY KEY ("minute"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."support_tickets" ("id" uuid NOT NULL, "telegram_id" bigint NOT NULL, "subject" text NOT NULL, "message" text NOT NULL, "attachment_key" text, "attachment_type" text, "attachment_size" integer, "attachment_name" text, "status" text NOT NULL DEFAULT 'new', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_942e8d8f5df86100471d2324643" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_support_tickets_status" ON "${s}"."support_tickets" ("status", "created_at") `,
    );
    await q.query(
      `CREATE INDEX "IDX_support_tickets_owner" ON "${s}"."support_tickets" ("telegram_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."support_replies" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "admin_id" bigint NOT NULL, "message" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_203c1208336ab63897e4eba3f5e" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_support_replies_ticket" ON "${s}"."support_replies" ("ticket_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."bot_chats" ("telegram_id" bigint NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "blocked_at" TIMESTAMP WITH TIME ZONE, "blocked_reason" text, "telegram_delivery" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c8462136d2b19ee2d95bb419af5" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."bot_messages" ("id" uuid NOT NULL, "chat_id" bigint NOT NULL, "audience" text NOT NULL, "text" text NOT NULL, "file_key" text, "file_name" text, "file_kind" text, "buttons" jsonb NOT NULL DEFAULT '[]'::jsonb, "source_key" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_333da6c5e0aa0eb4d6e8eec1b61" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_bot_messages_source" ON "${s}"."bot_messages" ("source_key") `,
    );
    await q.query(
      `CREATE INDEX "IDX_bot_messages_queue" ON "${s}"."bot_messages" ("status", "next_attempt_at") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_bot_messages_queue"`);
    await q.query(`DROP INDEX "${s}"."UQ_bot_messages_source"`);
    await q.query(`DROP TABLE "${s}"."bot_messages"`);
    await q.query(`DROP TABLE "${s}"."bot_chats"`);
    await q.query(`DROP INDEX "${s}"."IDX_support_replies_ticket"`);
    await q.query(`DROP TABLE "${s}"."support_replies"`);
    await q.query(`DROP INDEX "${s}"."IDX_support_tickets_owner"`);
    await q.query(`DROP INDEX "${s}"."IDX_support_tickets_status"`);
    await q.query(`DROP TABLE "${s}"."support_tickets"`);
    await q.query(`DROP TABLE "${s}"."filter_minutes"`);
    await q.query(`DROP INDEX "${s}"."IDX_payout_watch_open"`);
    await q.query(`DROP TABLE "${s}"."payout_watch"`);
  }
}
