import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class FilterCore1795303844331 implements MigrationInterface {
  name = 'FilterCore1795303844331';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."filter_audit" ("id" uuid NOT NULL, "session_id" text, "telegram_id" bigint NOT NULL, "device_id" text NOT NULL DEFAULT '', "user_role" text NOT NULL, "client_ip" text, "client_local_ip" text, "asn" bigint, "country" character varying(2), "region" text, "isp" text, "is_proxy" boolean NOT NULL DEFAULT false, "vpn_score" real, "network_type_client" text NOT NULL, "network_type_asn" text, "check_sequence" jsonb NOT NULL, "provider_responses" jsonb NOT NULL DEFAULT '{}'::jsonb, "final_decision" text NOT NULL, "reasons" jsonb NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "ticket_id" text, "admin_override_by" bigint, "requested_by" bigint, "policy_version" integer NOT NULL, "cache_hit" boolean NOT NULL DEFAULT false, "app_version" text NOT NULL DEFAULT '', "os" text NOT NULL DEFAULT '', "latency_ms" real NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_69def2125e0855cd37b8a34a33b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_filter_audit_created" ON "${s}"."filter_audit" ("created_at") `,
    );
    await q.query(
      `CREATE INDEX "IDX_filter_audit_user_time" ON "${s}"."filter_audit" ("telegram_id", "created_at") `,
    );
    await q.query(
      `CREATE INDEX "IDX_filter_audit_session" ON "${s}"."filter_audit" ("session_id") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."filter_policy" ("version" integer NOT NULL, "document" jsonb NOT NULL, "created_by" bigint, "note" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4cc5257e81c590e0e41ab7552b0" PRIMARY KEY ("version"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."filter_review" ("ticket_id" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "telegram_id" bigint NOT NULL, "device_id" text NOT NULL DEFAULT '', "session_id" text, "decision_id" uuid NOT NULL, "client_ip" text NOT NULL, "country" character varying(2), "asn" bigint, "isp" text, "vpn_score" real NOT NULL, "reasons" jsonb NOT NULL, "network_type_client" text NOT NULL, "network_type_asn" text NOT NULL, "note" text NOT NULL DEFAULT '', "resolved_by" bigint, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e07c45ca46123540baf04df9dc1" PRIMARY KEY ("ticket_id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_filter_review_user" ON "${s}"."filter_review" ("telegram_id") `,
    );
    await q.query(
      `CREATE INDEX "IDX_filter_review_status_created" ON "${s}"."filter_review" ("status", "created_at") `,
    );
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'::jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'`);
    await q.query(`DROP INDEX "${s}"."IDX_filter_review_status_created"`);
    await q.query(`DROP INDEX "${s}"."IDX_filter_review_user"`);
    await q.query(`DROP TABLE "${s}"."filter_review"`);
    await q.query(`DROP TABLE "${s}"."filter_policy"`);
    await q.query(`DROP INDEX "${s}"."IDX_filter_audit_session"`);
    await q.query(`DROP INDEX "${s}"."IDX_filter_audit_user_time"`);
    await q.query(`DROP INDEX "${s}"."IDX_filter_audit_created"`);
    await q.query(`DROP TABLE "${s}"."filter_audit"`);
  }
}
