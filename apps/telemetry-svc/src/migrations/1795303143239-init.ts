import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class Init1795303143239 implements MigrationInterface {
  name = 'Init1795303143239';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."outbox" ("id" uuid NOT NULL, "event_type" text NOT NULL, "subject" text NOT NULL, "payload" bytea NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_outbox_unpublished" ON "${s}"."outbox" ("created_at") WHERE "published_at" IS NULL`,
    );
    await q.query(
      `CREATE TABLE "${s}"."inbox" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_625a303addbbe1f30d3f65ed7fe" PRIMARY KEY ("consumer", "event_id"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."inbox"`);
    await q.query(`DROP INDEX "${s}"."IDX_outbox_unpublished"`);
    await q.query(`DROP TABLE "${s}"."outbox"`);
  }
}
