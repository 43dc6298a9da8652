import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { PlatformAccountKind } from './account.entity';

export interface UserAccountIds {
  readonly available: number;
  readonly held: number;
}

export interface UserBalanceRow {
  readonly available: number;
  readonly held: number;
  readonly updatedAt: Date | null;
}

export interface UserAccountRow {
  readonly kind: string;
  /** bigint: text from a row, a number from JSON. */
  readonly balance: string | number;
  /** A Date from a row, ISO text from JSON. */
  readonly updated_at: Date | string;
}

/** A user's balance from their account rows (none yet: zero). */
export function toUserBalance(rows: readonly UserAccountRow[]): UserBalanceRow {
  let available = 0;
  let held = 0;
  let updatedAt: Date | null = null;
  for (const r of rows) {
    if (r.kind === 'user_available') available = Number(r.balance);
    else if (r.kind === 'user_held') held = Number(r.balance);
    const at = new Date(r.updated_at);
    if (!updatedAt || at > updatedAt) updatedAt = at;
  }
  return { available, held, updatedAt };
}

/** Accounts: user accounts open lazily (at zero); platform accounts come from the migration. */
@Injectable()
export class AccountsRepository {
  private platform: Map<string, number> | undefined;

  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /** Opens (if missing) and returns both accounts of each user. */
  async userAccounts(
    manager: EntityManager,
    owners: readonly UserId[],
  ): Promise<Map<UserId, UserAccountIds>> {
    const ids = [...new Set(owners)];
    const out = new Map<UserId, UserAccountIds>();
    if (ids.length === 0) return out;
    const select = `SELECT id, telegram_id, kind FROM ${this.sql.t('accounts')} WHERE telegram_id = ANY($1::bigint[]) AND kind IN ('user_available', 'user_held')`;
    let rows: Array<{ id: string; telegram_id: string; kind: string }> = await manager.query(
      select,
      [ids],
    );
    if (rows.length < ids.length * 2) {
      await manager.query(
        `INSERT INTO ${this.sql.t('accounts')} (code, kind, telegram_id)
         SELECT 'user:' || u || ':' || k, 'user_' || k, u
         FROM unnest($1::bigint[]) AS u CROSS JOIN (VALUES ('available'), ('held')) AS kinds(k)
         ORDER BY u, k
         ON CONFLICT DO NOTHING`,
        [ids],
      );
      rows = await manager.query(select, [ids]);
    }
    const partial = new Map<UserId, { available?: number; held?: number }>();
    for (const r of rows) {
      const user = userId(Number(r.telegram_id));
      const entry = partial.get(user) ?? {};
      if (r.kind === 'user_available') entry.available = Number(r.id);
      else entry.held = Number(r.id);
      partial.set(user, entry);
    }
    for (const [user, e] of partial) {
      if (e.available !== undefined && e.held !== undefined)
        out.set(user, { available: e.available, held: e.held });
    }
    return out;
  }

  async userAccount(manager: EntityManager, owner: UserId): Promise<UserAccountIds> {
    const ids = (await this.userAccounts(manager, [owner])).get(owner);
    if (!ids) throw new Error(`accounts of ${owner} could not be opened`);
    return ids;
  }

  /** A platform account; `shard` picks one of the traffic expense shards (0 = the original). */
  async platformAccount(
    manager: EntityManager,
    kind: PlatformAccountKind,
    shard = 0,
  ): Promise<number> {
    if (!this.platform) {
      const rows: Array<{ id: string; code: string }> = await manager.query(
        `SELECT id, code FROM ${this.sql.t('accounts')} WHERE telegram_id IS NULL`,
      );
      this.platform = new Map(rows.map((r) => [r.code, Number(r.id)]));
    }
    const code = shard > 0 ? `platform:${kind}:${shard}` : `platform:${kind}`;
    const id = this.platform.get(code) ?? this.platform.get(`platform:${kind}`);
    if (id === undefined)
      throw new Error(`platform account ${code} is missing (migrations not applied?)`);
    return id;
  }

  /** SQL of a user's account rows (kind, balance, updated_at); the telegram id is $1. */
  userAccountsSql(): string {
    return `SELECT kind, balance, updated_at FROM ${this.sql.t('accounts')} WHERE telegram_id = $1`;
  }

  /** The user's balances (zero when they have no accounts yet). */
  async balance(owner: UserId, manager: EntityManager = this.ds.manager): Promise<UserBalanceRow> {
    return toUserBalance(await manager.query(this.userAccountsSql(), [owner]));
  }

  /** Available balances of several users (after a batch credit). */
  async availableOf(
    manager: EntityManager,
    owners: readonly UserId[],
  ): Promise<Map<UserId, number>> {
    const rows: Array<{ telegram_id: string; balance: string }> = await manager.query(
      `SELECT telegram_id, balance FROM ${this.sql.t('accounts')} WHERE telegram_id = ANY($1::bigint[]) AND kind = 'user_available'`,
      [[...owners]],
    );
    return new Map(rows.map((r) => [userId(Number(r.telegram_id)), Number(r.balance)]));
  }
}
