import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class RelayPool1796500000001 implements MigrationInterface {
  name = 'RelayPool1796500000001';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."relay_nodes" ("id" text NOT NULL, "url" text NOT NULL DEFAULT '', "region" text NOT NULL DEFAULT '', "registered" boolean NOT NULL DEFAULT false, "added_by" bigint, "added_at" TIMESTAMP WITH TIME ZONE, "last_heartbeat_at" TIMESTAMP WITH TIME ZONE, "interval_ms" integer NOT NULL DEFAULT '10000', "streams_open" integer NOT NULL DEFAULT '0', "setup_p50_ms" double precision NOT NULL DEFAULT '0', "setup_p99_ms" double precision NOT NULL DEFAULT '0', "devices" jsonb NOT NULL DEFAULT '[]'::jsonb, CONSTRAINT "PK_relay_nodes" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."relay_key_exits" ("key_id" text NOT NULL, "exit_ip" text NOT NULL, "minute" TIMESTAMP WITH TIME ZONE NOT NULL, "node_id" text NOT NULL, "connections" integer NOT NULL DEFAULT '0', "bytes" bigint NOT NULL DEFAULT '0', "owner_telegram_id" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_relay_key_exits" PRIMARY KEY ("key_id", "exit_ip", "minute", "node_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_relay_key_exits_minute" ON "${s}"."relay_key_exits" ("minute") `,
    );
    await q.query(
      `CREATE INDEX "IDX_relay_key_exits_owner" ON "${s}"."relay_key_exits" ("owner_telegram_id", "minute") `,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}"."IDX_relay_key_exits_owner"`);
    await q.query(`DROP INDEX "${s}"."IDX_relay_key_exits_minute"`);
    await q.query(`DROP TABLE "${s}"."relay_key_exits"`);
    await q.query(`DROP TABLE "${s}"."relay_nodes"`);
  }
}
