import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { SESSION_COLUMNS, type SessionRow } from '../common/session-row';
import { tablesOf, type Tables } from '../common/tables';

export interface NewSession {
  readonly id: string;
  readonly telegramId: UserId;
  readonly deviceId: string;
  readonly filterStatus: string;
  readonly bypass: boolean;
  readonly userRole: string;
  readonly filterDecisionId: string;
  readonly ipAddress: string;
  readonly clientLocalIp: string;
  readonly country: string;
  readonly networkType: string;
  readonly appVersion: string;
  readonly os: string;
  readonly batteryLevel: number | null;
  readonly startedAt: Date;
}

export interface ClosedValues {
  readonly status: 'completed' | 'failed';
  readonly endedAt: Date;
  readonly stopReason: 'user' | 'timeout';
  readonly localCounted: number;
  readonly durationS: number;
  readonly reconciliationStatus: string;
  readonly mismatchMilliMb: number;
  readonly earnedMicroUsd: number | null;
}

/** Session rows; every read of a user's session takes the owner's telegram id. */
@Injectable()
export class SessionsRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async activeOfDevice(deviceId: string): Promise<{ id: string; telegram_id: string } | undefined> {
    const rows: Array<{ id: string; telegram_id: string }> = await this.dataSource.query(
      `SELECT id, telegram_id FROM ${this.t.sessions} WHERE device_id = $1 AND status = 'active'`,
      [deviceId],
    );
    return rows[0];
  }

  async insert(m: EntityManager, s: NewSession): Promise<SessionRow> {
    const rows: SessionRow[] = await m.query(
      `INSERT INTO ${this.t.sessions} (id, telegram_id, device_id, status, filter_status, bypass, user_role,
         filter_decision_id, ip_address, client_local_ip, country, network_type, app_version, os, battery_level,
         started_at, last_seen_at)
       VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
       RETURNING ${SESSION_COLUMNS}`,
      [
        s.id,
        s.telegramId,
        s.deviceId,
        s.filterStatus,
        s.bypass,
        s.userRole,
        s.filterDecisionId || null,
        s.ipAddress,
        s.clientLocalIp,
        s.country,
        s.networkType,
        s.appVersion,
        s.os,
        s.batteryLevel,
        s.startedAt,
      ],
    );
    return rows[0];
  }

  async findOwned(owner: UserId, sessionId: string): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} WHERE id = $1 AND telegram_id = $2`,
      [sessionId, owner],
    );
    return rows[0];
  }

  async lockOwned(
    m: EntityManager,
    owner: UserId,
    sessionId: string,
  ): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await m.query(
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} WHERE id = $1 AND telegram_id = $2 FOR UPDATE`,
      [sessionId, owner],
    );
    return rows[0];
  }

  /** Keeps an active session alive; undefined when it is not the owner's. */
  async touch(owner: UserId, sessionId: string, now: Date): Promise<SessionRow | undefined> {
    const rows: [SessionRow[], number] = await this.dataSource.query(
      `UPDATE ${this.t.sessions} SET last_seen_at = GREATEST(last_seen_at, $3)
       WHERE id = $1 AND telegram_id = $2 AND status = 'active' RETURNING ${SESSION_COLUMNS}`,
      [sessionId, owner, now],
    );
    return rows[0][0];
  }

  async close(m: EntityManager, id: string, v: ClosedValues): Promise<SessionRow> {
    const rows: [SessionRow[], number] = await m.query(
      `UPDATE ${this.t.sessions} SET status = $2, ended_at = $3, stop_reason = $4, local_counted_milli_mb = $5,
         duration_s = $6, reconciliation_status = $7, mismatch_milli_mb = $8, earned_micro_usd = $9
       WHERE id = $1 RETURNING ${SESSION_COLUMNS}`,
      [
        id,
        v.status,
        v.endedAt,
        v.stopReason,
        v.localCounted,
        v.durationS,
        v.reconciliationStatus,
        v.mismatchMilliMb,
        v.earnedMicroUsd,
      ],
    );
    return rows[0][0];
  }

  /** Active sessions silent since `cutoff`, locked (replicas skip each other's rows). */
  timedOut(m: EntityManager, cutoff: Date, limit: number): Promise<SessionRow[]> {
    return m.query(
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions}
       WHERE status = 'active' AND last_seen_at < $1 ORDER BY last_seen_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, limit],
    );
  }

  /** How many sessions are running now (the telemetry_active_sessions gauge). */
  async activeCount(): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM ${this.t.sessions} WHERE status = 'active'`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** The active sessions of these users (the live ticker: users with an open WebSocket). */
  activeOfUsers(owners: readonly UserId[]): Promise<SessionRow[]> {
    return this.dataSource.query(
      `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} WHERE status = 'active' AND telegram_id = ANY($1::int8[]) ORDER BY id`,
      [owners],
    );
  }
}
