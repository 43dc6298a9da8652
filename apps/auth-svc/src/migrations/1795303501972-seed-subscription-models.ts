import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

// Data migration (hand-written: the generator diffs schema only). Every deployment has the
// free model, granted to each new user, and the premium model that gates premium features.
export class SeedSubscriptionModels1795303501972 implements MigrationInterface {
  name = 'SeedSubscriptionModels1795303501972';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `INSERT INTO "${s}"."subscription_models" ("id", "name", "is_free", "is_premium", "color", "description") VALUES
        ('free', 'Free', true, false, '#9E9E9E', 'Basic features for every user'),
        ('premium', 'Premium', false, true, '#FFB300', 'Advanced analytics, full login history and priority payout review')
       ON CONFLICT ("id") DO NOTHING`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `DELETE FROM "${s}"."user_subscriptions" WHERE "model_id" IN ('free', 'premium')`,
    );
    await q.query(`DELETE FROM "${s}"."subscription_models" WHERE "id" IN ('free', 'premium')`);
  }
}
