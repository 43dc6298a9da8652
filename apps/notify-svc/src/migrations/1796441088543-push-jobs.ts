import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class PushJobs1796441088543 implements MigrationInterface {
  name = 'PushJobs1796441088543';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."push_jobs" ("id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'running', "created_by" bigint NOT NULL, "request" jsonb NOT NULL, "total" integer NOT NULL, "sent" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "deleted" integer NOT NULL DEFAULT '0', "cursor" text NOT NULL DEFAULT '', "reached" jsonb NOT NULL DEFAULT '{}', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c4c7b2c7618ad7f3bd76f38948b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_push_jobs_running" ON "${s}"."push_jobs" ("status", "updated_at") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_push_jobs_running"`);
    await q.query(`DROP TABLE "${s}"."push_jobs"`);
  }
}
