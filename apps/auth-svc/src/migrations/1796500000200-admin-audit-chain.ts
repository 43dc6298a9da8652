import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class AdminAuditChain1796500000200 implements MigrationInterface {
  name = 'AdminAuditChain1796500000200';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."admin_audit_chain" ("seq" bigint NOT NULL, "event_id" uuid NOT NULL, "service" character varying(64) NOT NULL, "actor_id" bigint NOT NULL, "action" character varying(128) NOT NULL, "target" text NOT NULL DEFAULT '', "details" text NOT NULL DEFAULT '{}', "ip" text NOT NULL DEFAULT '', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "UQ_admin_audit_chain_event" UNIQUE ("event_id"), CONSTRAINT "PK_admin_audit_chain" PRIMARY KEY ("seq"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_admin_audit_chain_actor" ON "${s}"."admin_audit_chain" ("actor_id", "seq") `,
    );
    await q.query(
      `CREATE INDEX "IDX_admin_audit_chain_action" ON "${s}"."admin_audit_chain" ("action", "seq") `,
    );
    await q.query(
      `CREATE INDEX "IDX_admin_audit_chain_target" ON "${s}"."admin_audit_chain" ("target", "seq") `,
    );
    await q.query(
      `CREATE INDEX "IDX_admin_audit_chain_occurred" ON "${s}"."admin_audit_chain" ("occurred_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."admin_audit_head" ("id" smallint NOT NULL, "seq" bigint NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "CHK_admin_audit_head_one" CHECK ("id" = 1), CONSTRAINT "PK_admin_audit_head" PRIMARY KEY ("id"))`,
    );
    // Append-only: rows are never updated or deleted, and the head only moves forward by one.
    await q.query(`
      CREATE FUNCTION "${s}".admin_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'admin_audit_chain is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_admin_audit_chain_append_only" BEFORE UPDATE OR DELETE ON "${s}"."admin_audit_chain" FOR EACH ROW EXECUTE FUNCTION "${s}".admin_audit_refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER "TRG_admin_audit_chain_no_truncate" BEFORE TRUNCATE ON "${s}"."admin_audit_chain" FOR EACH STATEMENT EXECUTE FUNCTION "${s}".admin_audit_refuse_change()`,
    );
    await q.query(`
      CREATE FUNCTION "${s}".admin_audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.seq <> OLD.seq + 1 THEN
          RAISE EXCEPTION 'admin_audit_head only moves forward by one'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $fn$`);
    await q.query(
      `CREATE TRIGGER "TRG_admin_audit_head_forward" BEFORE UPDATE OR DELETE ON "${s}"."admin_audit_head" FOR EACH ROW EXECUTE FUNCTION "${s}".admin_audit_head_forward()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}"."admin_audit_head"`);
    await q.query(`DROP TABLE "${s}"."admin_audit_chain"`);
    await q.query(`DROP FUNCTION "${s}".admin_audit_head_forward()`);
    await q.query(`DROP FUNCTION "${s}".admin_audit_refuse_change()`);
  }
}
