import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import type { TelegramIdentity } from '../telegram-login/telegram-verifier';
import { UserEntity, type UserRole } from './user.entity';

export interface LoginUpsert {
  readonly user: UserEntity;
  readonly created: boolean;
  /** Profile fields Telegram changed since the last login. */
  readonly changed: string[];
}

export interface UserListPage {
  readonly users: UserEntity[];
  readonly total: number;
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  findById(
    telegramId: number,
    manager: EntityManager = this.ds.manager,
  ): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { telegramId } });
  }

  /** Locks the user's row for the rest of the transaction (serialises logins and bans). */
  lockById(manager: EntityManager, telegramId: number): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, {
      where: { telegramId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Creates the user on first login or refreshes the profile Telegram sent. */
  async upsertFromTelegram(
    manager: EntityManager,
    identity: TelegramIdentity,
    role: UserRole,
  ): Promise<LoginUpsert> {
    // INSERT ... ON CONFLICT DO NOTHING then lock: two first logins at once cannot both create.
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        telegramId: identity.telegramId,
        username: identity.username,
        firstName: identity.firstName,
        lastName: identity.lastName,
        photoUrl: identity.photoUrl,
        language: normaliseLanguage(identity.languageCode),
        role,
      })
      .orIgnore()
      .returning(['telegram_id'])
      .execute();
    const created = (inserted.raw as unknown[]).length > 0;
    const user = (await this.lockById(manager, identity.telegramId))!;
    const changed: string[] = [];
    const next: Partial<UserEntity> = {};
    const compare = <K extends 'username' | 'firstName' | 'lastName' | 'photoUrl' | 'role'>(
      key: K,
      value: UserEntity[K],
    ) => {
      if (user[key] !== value) {
        changed.push(key);
        next[key] = value;
      }
    };
    if (!created) {
      compare('username', identity.username);
      compare('firstName', identity.firstName);
      compare('lastName', identity.lastName);
      compare('photoUrl', identity.photoUrl);
      compare('role', role);
      if (changed.length > 0)
        await manager.update(UserEntity, { telegramId: user.telegramId }, next);
    }
    return { user: { ...user, ...next }, created, changed };
  }

  async recordLogin(
    manager: EntityManager,
    telegramId: number,
    ip: string,
    device: string,
    at: Date,
  ): Promise<void> {
    await manager.update(
      UserEntity,
      { telegramId },
      { authDate: at, lastLoginIp: ip, lastLoginDevice: device },
    );
  }

  async setBanned(
    manager: EntityManager,
    telegramId: number,
    banned: boolean,
    reason: string | null,
  ): Promise<void> {
    await manager.update(UserEntity, { telegramId }, { banned, banReason: reason });
  }

  /** Refuses, from now on, every Telegram payload signed until `at` (user row locked until commit). */
  async revokeLogins(manager: EntityManager, telegramId: number, at: Date): Promise<void> {
    await manager.update(UserEntity, { telegramId }, { loginsRevokedAt: at });
  }

  async setRole(manager: EntityManager, telegramId: number, role: UserRole): Promise<void> {
    await manager.update(UserEntity, { telegramId }, { role });
  }

  async bumpSubscriptionVersion(manager: EntityManager, telegramId: number): Promise<number> {
    const rows = await manager.query<[Array<{ subscription_version: number }>, number]>(
      `UPDATE users SET subscription_version = subscription_version + 1, updated_at = now()
       WHERE telegram_id = $1 RETURNING subscription_version`,
      [telegramId],
    );
    return rows[0][0].subscription_version;
  }

  /** Admin list: `query` is a telegram id (exact) or a username prefix (case-insensitive). */
  async list(query: string, limit: number, offset: number): Promise<UserListPage> {
    const qb = this.ds.manager.createQueryBuilder(UserEntity, 'u');
    const q = query.trim().replace(/^@/, '');
    if (/^\d{1,16}$/.test(q)) qb.where('u.telegram_id = :id', { id: q });
    else if (q) qb.where('u.username ILIKE :name', { name: `${q.replace(/[\\%_]/g, '\\$&')}%` });
    const [users, total] = await qb
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.telegram_id', 'DESC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { users, total };
  }
}

export function normaliseLanguage(code: string | null | undefined): string {
  const lang = (code ?? '').slice(0, 2).toLowerCase();
  return lang === 'uz' || lang === 'ru' ? lang : 'en';
}
