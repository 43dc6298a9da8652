import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { PayoutSql } from '../common/payout-sql';

export interface UserFacts {
  /** Undefined when no UserRegistered event reached payout-svc for this user. */
  readonly registeredAt: Date | undefined;
  readonly premium: boolean;
}

/** user_facts: registration time and premium flag, kept from auth-svc's events. */
@Injectable()
export class UserFactsRepository {
  constructor(private readonly sql: PayoutSql) {}

  async registered(m: EntityManager, telegramId: number, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('user_facts')} (telegram_id, registered_at) VALUES ($1, $2)
       ON CONFLICT (telegram_id) DO UPDATE SET registered_at = EXCLUDED.registered_at, updated_at = now()`,
      [telegramId, at],
    );
  }

  /** Subscription events may arrive out of order: only a newer version changes the flag. */
  async subscription(
    m: EntityManager,
    telegramId: number,
    version: number,
    premium: boolean,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('user_facts')} (telegram_id, premium, subscription_version) VALUES ($1, $2, $3)
       ON CONFLICT (telegram_id) DO UPDATE SET premium = EXCLUDED.premium,
         subscription_version = EXCLUDED.subscription_version, updated_at = now()
       WHERE ${this.sql.t('user_facts')}.subscription_version < EXCLUDED.subscription_version`,
      [telegramId, premium, version],
    );
  }

  async get(m: EntityManager, telegramId: UserId): Promise<UserFacts> {
    const rows: Array<{ registered_at: Date | null; premium: boolean }> = await m.query(
      `SELECT registered_at, premium FROM ${this.sql.t('user_facts')} WHERE telegram_id = $1`,
      [telegramId],
    );
    return {
      registeredAt: rows[0]?.registered_at ?? undefined,
      premium: rows[0]?.premium ?? false,
    };
  }
}
