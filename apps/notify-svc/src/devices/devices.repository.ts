import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export interface DeviceRow {
  readonly fcmToken: string;
  readonly telegramId: UserId;
}

export interface NewDevice {
  readonly fcmToken: string;
  readonly deviceId: string;
  readonly platform: string;
  readonly notificationsEnabled: boolean;
}

/** FCM tokens; registration and lookups take the owner first. */
@Injectable()
export class DevicesRepository {
  private readonly table: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.table = `"${ctx.schema}"."devices"`;
  }

  /** One row per token: a token that moves to another user or device is re-owned. */
  async upsert(owner: UserId, device: NewDevice, now: Date): Promise<boolean> {
    const rows: { created: boolean }[] = await this.ds.query(
      `INSERT INTO ${this.table}
         (fcm_token, telegram_id, device_id, platform, notifications_enabled, created_at, refreshed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (fcm_token) DO UPDATE SET telegram_id = EXCLUDED.telegram_id,
         device_id = EXCLUDED.device_id, platform = EXCLUDED.platform,
         notifications_enabled = EXCLUDED.notifications_enabled, refreshed_at = EXCLUDED.refreshed_at
       RETURNING (xmax = 0) AS created`,
      [device.fcmToken, owner, device.deviceId, device.platform, device.notificationsEnabled, now],
    );
    return rows[0]?.created ?? false;
  }

  /** The owners' tokens with notifications on (`m`: the caller's transaction, if any). */
  async pushTargets(owners: readonly UserId[], m?: EntityManager): Promise<DeviceRow[]> {
    if (owners.length === 0) return [];
    const rows: { fcm_token: string; telegram_id: string }[] = await (m ?? this.ds).query(
      `SELECT fcm_token, telegram_id FROM ${this.table}
       WHERE telegram_id = ANY($1::bigint[]) AND notifications_enabled`,
      [owners],
    );
    return rows.map((r) => ({
      fcmToken: r.fcm_token,
      telegramId: Number(r.telegram_id) as UserId,
    }));
  }

  /** Tokens of a segment (admin push), a page at a time by token. */
  async segment(
    filter: { activeSince?: Date; platform?: string; owners?: readonly UserId[] },
    after: string,
    limit: number,
  ): Promise<DeviceRow[]> {
    const rows: { fcm_token: string; telegram_id: string }[] = await this.ds.query(
      `SELECT fcm_token, telegram_id FROM ${this.table}
       WHERE notifications_enabled AND fcm_token > $1
         AND ($2::timestamptz IS NULL OR refreshed_at >= $2)
         AND ($3::text IS NULL OR platform = $3)
         AND ($4::bigint[] IS NULL OR telegram_id = ANY($4::bigint[]))
       ORDER BY fcm_token LIMIT $5`,
      [after, filter.activeSince ?? null, filter.platform ?? null, filter.owners ?? null, limit],
    );
    return rows.map((r) => ({
      fcmToken: r.fcm_token,
      telegramId: Number(r.telegram_id) as UserId,
    }));
  }

  /** How many tokens `segment` pages through (a push job's total). */
  async countSegment(filter: {
    activeSince?: Date;
    platform?: string;
    owners?: readonly UserId[];
  }): Promise<number> {
    const rows: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM ${this.table}
       WHERE notifications_enabled
         AND ($1::timestamptz IS NULL OR refreshed_at >= $1)
         AND ($2::text IS NULL OR platform = $2)
         AND ($3::bigint[] IS NULL OR telegram_id = ANY($3::bigint[]))`,
      [filter.activeSince ?? null, filter.platform ?? null, filter.owners ?? null],
    );
    return Number(rows[0].n);
  }

  async removeTokens(tokens: readonly string[], m?: EntityManager): Promise<number> {
    if (tokens.length === 0) return 0;
    // TypeORM answers a DELETE with [rows, affected].
    const [, affected] = await (m ?? this.ds).query<[unknown, number]>(
      `DELETE FROM ${this.table} WHERE fcm_token = ANY($1::text[])`,
      [tokens],
    );
    return affected;
  }

  async removeStale(before: Date): Promise<number> {
    const [, affected] = await this.ds.query<[unknown, number]>(
      `DELETE FROM ${this.table} WHERE refreshed_at < $1`,
      [before],
    );
    return affected;
  }
}
