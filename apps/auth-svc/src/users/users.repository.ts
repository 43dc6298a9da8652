import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { preparedQuery } from '@trafficshare/database';
import type { RoleName, UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import type { TelegramIdentity } from '../telegram-login/telegram-verifier';
import { UserEntity } from './user.entity';

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

/** The profile page's row: the user and whether 2FA is on. */
export interface ProfileRow {
  readonly telegramId: UserId;
  readonly username: string | null;
  readonly firstName: string;
  readonly lastName: string | null;
  readonly photoUrl: string | null;
  readonly role: RoleName;
  readonly authDate: Date | null;
  readonly lastLoginIp: string | null;
  readonly lastLoginDevice: string | null;
  readonly language: string;
  readonly subscriptionVersion: number;
  readonly twoFactorEnabled: boolean;
}

interface ProfileSqlRow {
  telegram_id: string;
  username: string | null;
  first_name: string;
  last_name: string | null;
  photo_url: string | null;
  role: RoleName;
  auth_date: Date | null;
  last_login_ip: string | null;
  last_login_device: string | null;
  language: string;
  subscription_version: number;
  two_factor_enabled: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  findById(user: UserId, manager: EntityManager = this.ds.manager): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { telegramId: user } });
  }

  /** Locks the user's row for the rest of the transaction (serialises logins and bans). */
  lockById(manager: EntityManager, user: UserId): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, {
      where: { telegramId: user },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** GET /api/user/profile in one prepared query (the hot authenticated read of the bench). */
  async profile(user: UserId): Promise<ProfileRow | undefined> {
    const rows = await preparedQuery<ProfileSqlRow>(
      this.ds,
      'auth_profile_v1',
      `SELECT u.telegram_id, u.username, u.first_name, u.last_name, u.photo_url, u.role, u.auth_date,
              u.last_login_ip, u.last_login_device, u.language, u.subscription_version,
              coalesce(t.enabled, false) AS two_factor_enabled
       FROM users u LEFT JOIN two_factor t ON t.telegram_id = u.telegram_id
       WHERE u.telegram_id = $1`,
      [user],
    );
    const u = rows[0];
    if (!u) return undefined;
    return {
      telegramId: user,
      username: u.username,
      firstName: u.first_name,
      lastName: u.last_name,
      photoUrl: u.photo_url,
      role: u.role,
      authDate: u.auth_date,
      lastLoginIp: u.last_login_ip,
      lastLoginDevice: u.last_login_device,
      language: u.language,
      subscriptionVersion: u.subscription_version,
      twoFactorEnabled: u.two_factor_enabled,
    };
  }

  /** Creates the user on first login or refreshes the profile Telegram sent. */
  async upsertFromTelegram(
    manager: EntityManager,
    identity: TelegramIdentity,
    role: RoleName,
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
    user: UserId,
    ip: string,
    device: string,
    at: Date,
  ): Promise<void> {
    await manager.update(
      UserEntity,
      { telegramId: user },
      { authDate: at, lastLoginIp: ip, lastLoginDevice: device },
    );
  }

  async setBanned(
    manager: EntityManager,
    user: UserId,
    banned: boolean,
    reason: string | null,
  ): Promise<void> {
    await manager.update(UserEntity, { telegramId: user }, { banned, banReason: reason });
  }

  /** Refuses, from now on, every Telegram payload signed until `at` (user row locked until commit). */
  async revokeLogins(manager: EntityManager, user: UserId, at: Date): Promise<void> {
    await manager.update(UserEntity, { telegramId: user }, { loginsRevokedAt: at });
  }

  async setRole(manager: EntityManager, user: UserId, role: RoleName): Promise<void> {
    await manager.update(UserEntity, { telegramId: user }, { role });
  }

  /** The profile's language (mirrors the settings' language); returns the updated row. */
  async setLanguage(manager: EntityManager, user: UserId, language: string): Promise<UserEntity> {
    await manager.update(UserEntity, { telegramId: user }, { language });
    return (await this.findById(user, manager))!;
  }

  async bumpSubscriptionVersion(manager: EntityManager, user: UserId): Promise<number> {
    const rows = await manager.query<[Array<{ subscription_version: number }>, number]>(
      `UPDATE users SET subscription_version = subscription_version + 1, updated_at = now()
       WHERE telegram_id = $1 RETURNING subscription_version`,
      [user],
    );
    return rows[0][0].subscription_version;
  }

  /**
   * Admin list of every user (admin-wide, no owner): `query` is a telegram id (exact) or a
   * username prefix (case-insensitive).
   */
  async listAll(query: string, limit: number, offset: number): Promise<UserListPage> {
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
