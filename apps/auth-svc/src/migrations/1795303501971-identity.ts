import type { MigrationInterface, QueryRunner } from 'typeorm';

import { migrationSchema } from '@trafficshare/database';

export class Identity1795303501971 implements MigrationInterface {
  name = 'Identity1795303501971';

  public async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE "${s}"."admins" ("telegram_id" bigint NOT NULL, "username" text NOT NULL DEFAULT '', "phone" text NOT NULL DEFAULT '', "role" character varying(20) NOT NULL DEFAULT 'moderator', "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b413ea733ab183669ad78c7b375" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key_hash" character(64) NOT NULL, "key_prefix" character varying(16) NOT NULL, "telegram_id" bigint NOT NULL, "type" character varying(16) NOT NULL, "limit_mb" bigint NOT NULL, "used_milli_mb" bigint NOT NULL DEFAULT '0', "expiry_date" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_api_keys_hash" ON "${s}"."api_keys" ("key_hash") `);
    await q.query(`CREATE INDEX "IDX_api_keys_owner" ON "${s}"."api_keys" ("telegram_id") `);
    await q.query(
      `CREATE TABLE "${s}"."audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" bigint NOT NULL, "target_id" bigint NOT NULL, "action" character varying(64) NOT NULL, "details" jsonb NOT NULL DEFAULT '{}'::jsonb, "ip" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_audit_log_target_created" ON "${s}"."audit_log" ("target_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."subscription_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "telegram_id" bigint NOT NULL, "admin_id" bigint NOT NULL, "old_subscriptions" jsonb, "new_subscriptions" jsonb NOT NULL, "reason" text NOT NULL DEFAULT '', "ip_address" inet, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_91a0ee8b462f23bfb2ad7924754" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_subscription_history_user_created" ON "${s}"."subscription_history" ("telegram_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."subscription_models" ("id" character varying(50) NOT NULL, "name" text NOT NULL, "is_free" boolean NOT NULL DEFAULT false, "is_premium" boolean NOT NULL DEFAULT false, "color" character varying(20) NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b29a0bacc7bb307f4debc940fbe" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."user_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "telegram_id" bigint NOT NULL, "model_id" character varying(50) NOT NULL, "granted_by" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expiry_date" TIMESTAMP WITH TIME ZONE, "is_active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_9e928b0954e51705ab44988812c" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_user_subscriptions_expiry" ON "${s}"."user_subscriptions" ("expiry_date") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_user_subscriptions_active" ON "${s}"."user_subscriptions" ("telegram_id", "model_id") WHERE "is_active"`,
    );
    await q.query(
      `CREATE TABLE "${s}"."login_sessions" ("id" uuid NOT NULL, "telegram_id" bigint NOT NULL, "ip" text NOT NULL DEFAULT '', "user_agent" text NOT NULL DEFAULT '', "device" text NOT NULL DEFAULT '', "city" text NOT NULL DEFAULT '', "country" character varying(2) NOT NULL DEFAULT '', "method" character varying(16) NOT NULL, "renewals_without_code" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoke_reason" text, CONSTRAINT "PK_856ef68c4c116c517937056c7bb" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_login_sessions_user_created" ON "${s}"."login_sessions" ("telegram_id", "created_at") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."refresh_tokens" ("token_hash" character(64) NOT NULL, "session_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "spent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a7838d2ba25be1342091b6695f1" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_refresh_tokens_session" ON "${s}"."refresh_tokens" ("session_id") `,
    );
    await q.query(
      `CREATE TABLE "${s}"."user_settings" ("telegram_id" bigint NOT NULL, "language" character varying(10) NOT NULL DEFAULT 'en', "push_notifications" boolean NOT NULL DEFAULT true, "session_updates" boolean NOT NULL DEFAULT true, "system_updates" boolean NOT NULL DEFAULT true, "single_device_mode" boolean NOT NULL DEFAULT false, "battery_saver" boolean NOT NULL DEFAULT false, "theme" character varying(10) NOT NULL DEFAULT 'light', "last_update" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc9a59fc8e4a05c2ae5ade0ac45" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."two_factor" ("telegram_id" bigint NOT NULL, "secret_enc" text NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "last_step" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "enabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_77e9527006bfb3988eaeef7a194" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(
      `CREATE TABLE "${s}"."users" ("telegram_id" bigint NOT NULL, "username" text, "first_name" text NOT NULL DEFAULT '', "last_name" text, "photo_url" text, "language" character varying(10) NOT NULL DEFAULT 'en', "role" character varying(20) NOT NULL DEFAULT 'user', "banned" boolean NOT NULL DEFAULT false, "ban_reason" text, "subscription_version" integer NOT NULL DEFAULT '1', "auth_date" TIMESTAMP WITH TIME ZONE, "last_login_ip" text, "last_login_device" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1a1e4649fd31ea6ec6b025c7bfc" PRIMARY KEY ("telegram_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_users_username" ON "${s}"."users" ("username") `);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'::jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}"."outbox" ALTER COLUMN "headers" SET DEFAULT '{}'`);
    await q.query(`DROP INDEX "${s}"."IDX_users_username"`);
    await q.query(`DROP TABLE "${s}"."users"`);
    await q.query(`DROP TABLE "${s}"."two_factor"`);
    await q.query(`DROP TABLE "${s}"."user_settings"`);
    await q.query(`DROP INDEX "${s}"."IDX_refresh_tokens_session"`);
    await q.query(`DROP TABLE "${s}"."refresh_tokens"`);
    await q.query(`DROP INDEX "${s}"."IDX_login_sessions_user_created"`);
    await q.query(`DROP TABLE "${s}"."login_sessions"`);
    await q.query(`DROP INDEX "${s}"."UQ_user_subscriptions_active"`);
    await q.query(`DROP INDEX "${s}"."IDX_user_subscriptions_expiry"`);
    await q.query(`DROP TABLE "${s}"."user_subscriptions"`);
    await q.query(`DROP TABLE "${s}"."subscription_models"`);
    await q.query(`DROP INDEX "${s}"."IDX_subscription_history_user_created"`);
    await q.query(`DROP TABLE "${s}"."subscription_history"`);
    await q.query(`DROP INDEX "${s}"."IDX_audit_log_target_created"`);
    await q.query(`DROP TABLE "${s}"."audit_log"`);
    await q.query(`DROP INDEX "${s}"."IDX_api_keys_owner"`);
    await q.query(`DROP INDEX "${s}"."UQ_api_keys_hash"`);
    await q.query(`DROP TABLE "${s}"."api_keys"`);
    await q.query(`DROP TABLE "${s}"."admins"`);
  }
}
