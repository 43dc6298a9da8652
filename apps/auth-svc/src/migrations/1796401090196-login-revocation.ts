import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class LoginRevocation1796401090196 implements MigrationInterface {
  name = 'LoginRevocation1796401090196';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."users" ADD "logins_revoked_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."users" DROP COLUMN "logins_revoked_at"`);
  }
}
