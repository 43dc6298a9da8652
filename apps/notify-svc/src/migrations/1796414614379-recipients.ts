import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class Recipients1796414614379 implements MigrationInterface {
  name = 'Recipients1796414614379';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."recipients" ("telegram_id" bigint NOT NULL, "language" text NOT NULL DEFAULT 'en', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_6224f3be33815572b2aeffa2429" PRIMARY KEY ("telegram_id"))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."recipients"`);
  }
}
