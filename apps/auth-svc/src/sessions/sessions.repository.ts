import { Inject, Injectable } from '@nestjs/common';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LoginSessionEntity } from './login-session.entity';
import { RefreshTokenEntity } from './refresh-token.entity';

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async insert(
    manager: EntityManager,
    session: Omit<
      LoginSessionEntity,
      'createdAt' | 'revokedAt' | 'revokeReason' | 'renewalsWithoutCode'
    >,
  ): Promise<void> {
    await manager.insert(LoginSessionEntity, session);
  }

  async insertRefreshToken(
    manager: EntityManager,
    sessionId: string,
    tokenHash: string,
  ): Promise<void> {
    await manager.insert(RefreshTokenEntity, { sessionId, tokenHash });
  }

  /** The token row, locked: concurrent refreshes with one token are serialised. */
  lockRefreshToken(manager: EntityManager, tokenHash: string): Promise<RefreshTokenEntity | null> {
    return manager.findOne(RefreshTokenEntity, {
      where: { tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async spendRefreshToken(manager: EntityManager, tokenHash: string): Promise<void> {
    await manager.update(RefreshTokenEntity, { tokenHash }, { spentAt: new Date() });
  }

  /** A session of this user (owner id required: no cross-user reads). */
  findOwned(
    owner: UserId,
    sessionId: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<LoginSessionEntity | null> {
    return manager.findOne(LoginSessionEntity, { where: { id: sessionId, telegramId: owner } });
  }

  lockOwned(
    manager: EntityManager,
    owner: UserId,
    sessionId: string,
  ): Promise<LoginSessionEntity | null> {
    return manager.findOne(LoginSessionEntity, {
      where: { id: sessionId, telegramId: owner },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The session a refresh token belongs to: the (secret) token itself names the owner. */
  findOfRefreshToken(
    manager: EntityManager,
    token: Pick<RefreshTokenEntity, 'sessionId'>,
  ): Promise<LoginSessionEntity | null> {
    return manager.findOne(LoginSessionEntity, { where: { id: token.sessionId } });
  }

  async touch(
    manager: EntityManager,
    sessionId: string,
    patch: Partial<Pick<LoginSessionEntity, 'lastSeenAt' | 'renewalsWithoutCode' | 'ip'>>,
  ): Promise<void> {
    await manager.update(LoginSessionEntity, { id: sessionId }, patch);
  }

  /** Revokes the user's active sessions (all, or all but `keep`); returns their ids. */
  async revokeForUser(
    manager: EntityManager,
    owner: UserId,
    reason: string,
    keep?: string,
  ): Promise<string[]> {
    const rows = await manager.query<[Array<{ id: string }>, number]>(
      `UPDATE login_sessions SET revoked_at = now(), revoke_reason = $2
       WHERE telegram_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
       RETURNING id`,
      [owner, reason, keep ?? null],
    );
    return rows[0].map((r) => r.id);
  }

  async revokeOne(
    manager: EntityManager,
    owner: UserId,
    sessionId: string,
    reason: string,
  ): Promise<boolean> {
    const result = await manager.update(
      LoginSessionEntity,
      { id: sessionId, telegramId: owner, revokedAt: IsNull() },
      { revokedAt: new Date(), revokeReason: reason },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Has the user logged in from this IP / this device before? */
  async seenBefore(
    manager: EntityManager,
    owner: UserId,
    ip: string,
    device: string,
  ): Promise<{ ip: boolean; device: boolean; any: boolean }> {
    const rows = await manager.query<
      Array<{ ip: boolean | null; device: boolean | null; n: number }>
    >(
      `SELECT bool_or(ip = $2) AS ip, bool_or(device = $3) AS device, count(*)::int AS n
       FROM login_sessions WHERE telegram_id = $1`,
      [owner, ip, device],
    );
    const row = rows[0];
    return { ip: row?.ip === true, device: row?.device === true, any: (row?.n ?? 0) > 0 };
  }

  /** Newest logins first. */
  history(owner: UserId, limit: number): Promise<LoginSessionEntity[]> {
    return this.ds.manager.find(LoginSessionEntity, {
      where: { telegramId: owner },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  /** The user's newest login, for the profile. */
  latest(owner: UserId): Promise<LoginSessionEntity | null> {
    return this.ds.manager.findOne(LoginSessionEntity, {
      where: { telegramId: owner },
      order: { createdAt: 'DESC' },
    });
  }
}
