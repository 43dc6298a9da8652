import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class DevicesNotifications1796414303495 implements MigrationInterface {
  name = 'DevicesNotifications1796414303495';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."devices" ("fcm_token" text NOT NULL, "telegram_id" bigint NOT NULL, "device_id" text NOT NULL, "platform" text NOT NULL, "notifications_enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "refreshed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b843939264dd56acd852361a232" PRIMARY KEY ("fcm_token"))`,
    );
    await q.query(`CREATE INDEX "IDX_devices_refreshed" ON "${s}"."devices" ("refreshed_at") `);
    await q.query(`CREATE INDEX "IDX_devices_owner" ON "${s}"."devices" ("telegram_id") `);
    await q.query(
      `CREATE TABLE "${s}"."notifications" ("id" uuid NOT NULL, "telegram_id" bigint NOT NULL, "type" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}'::jsonb, "silent" boolean NOT NULL DEFAULT false, "source_key" text, "push_status" text NOT NULL DEFAULT 'queued', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "opened_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_notifications_source" ON "${s}"."notifications" ("source_key") `,
    );
    await q.query(
      `CREATE INDEX "IDX_notifications_push_queue" ON "${s}"."notifications" ("push_status", "created_at") `,
    );
    await q.query(
      `CREATE INDEX "IDX_notifications_owner" ON "${s}"."notifications" ("telegram_id", "created_at") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_notifications_owner"`);
    await q.query(`DROP INDEX "${s}"."IDX_notifications_push_queue"`);
    await q.query(`DROP INDEX "${s}"."UQ_notifications_source"`);
    await q.query(`DROP TABLE "${s}"."notifications"`);
    await q.query(`DROP INDEX "${s}"."IDX_devices_owner"`);
    await q.query(`DROP INDEX "${s}"."IDX_devices_refreshed"`);
    await q.query(`DROP TABLE "${s}"."devices"`);
  }
}
