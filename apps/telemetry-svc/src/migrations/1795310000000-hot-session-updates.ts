import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

/**
 * Every report batch rewrites its sessions' counters and last_seen_at. An index on
 * last_seen_at made each of those updates a non-HOT update (a new entry in all five indexes);
 * without it, and with room left on each page (fillfactor 70), they stay heap-only. The
 * timeout sweep reads the active sessions through the active-device partial index instead.
 */
export class HotSessionUpdates1795310000000 implements MigrationInterface {
  name = 'HotSessionUpdates1795310000000';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_traffic_sessions_active_seen"`);
    await q.query(`ALTER TABLE "${s}"."traffic_sessions" SET (fillfactor = 70)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."traffic_sessions" RESET (fillfactor)`);
    await q.query(
      `CREATE INDEX "IDX_traffic_sessions_active_seen" ON "${s}"."traffic_sessions" ("last_seen_at") WHERE "status" = 'active'`,
    );
  }
}
