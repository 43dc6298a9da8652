import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { Page } from '../common/page';

export interface PromoRow {
  readonly id: number;
  readonly code: string;
  readonly bonusBasisPoints: number;
  readonly maxBonus: number | null;
  readonly expiresAt: Date | null;
  readonly isActive: boolean;
  readonly activations: number;
  readonly createdAt: Date;
}

interface RawPromo {
  id: string;
  code: string;
  bonus_basis_points: number;
  max_bonus: string | null;
  expires_at: Date | null;
  is_active: boolean;
  activations?: string;
  created_at: Date;
}

const toRow = (r: RawPromo): PromoRow => ({
  id: Number(r.id),
  code: r.code,
  bonusBasisPoints: r.bonus_basis_points,
  maxBonus: r.max_bonus === null ? null : Number(r.max_bonus),
  expiresAt: r.expires_at,
  isActive: r.is_active,
  activations: Number(r.activations ?? 0),
  createdAt: r.created_at,
});

@Injectable()
export class PromoRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /** Resolves undefined when the code exists already. */
  async create(
    m: EntityManager,
    p: {
      code: string;
      bonusBasisPoints: number;
      maxBonus: number | null;
      expiresAt: Date | null;
      by: UserId;
    },
  ): Promise<PromoRow | undefined> {
    const rows: RawPromo[] = await m.query(
      `INSERT INTO ${this.sql.t('promo_codes')} (code, bonus_basis_points, max_bonus, expires_at, created_by)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING *`,
      [p.code, p.bonusBasisPoints, p.maxBonus, p.expiresAt, p.by],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Codes (not user data): active and unexpired ones, or every code with `includeInactive`. */
  async list(includeInactive: boolean, page: Page): Promise<PromoRow[]> {
    const rows: RawPromo[] = await this.ds.manager.query(
      `SELECT p.*, (SELECT count(*) FROM ${this.sql.t('promo_activations')} a WHERE a.promo_id = p.id) AS activations
       FROM ${this.sql.t('promo_codes')} p
       WHERE $1 OR (p.is_active AND (p.expires_at IS NULL OR p.expires_at > now()))
       ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3`,
      [includeInactive, page.limit, page.offset],
    );
    return rows.map(toRow);
  }

  async deactivate(m: EntityManager, code: string): Promise<PromoRow | undefined> {
    const rows: RawPromo[] = await m.query(
      `WITH u AS (UPDATE ${this.sql.t('promo_codes')} SET is_active = false, deactivated_at = coalesce(deactivated_at, now())
         WHERE code = $1 RETURNING *)
       SELECT u.*, (SELECT count(*) FROM ${this.sql.t('promo_activations')} a WHERE a.promo_id = u.id) AS activations FROM u`,
      [code],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** The code, share-locked so it cannot be deactivated mid-activation. */
  async findForActivation(m: EntityManager, code: string): Promise<PromoRow | undefined> {
    const rows: RawPromo[] = await m.query(
      `SELECT * FROM ${this.sql.t('promo_codes')} WHERE code = $1 FOR SHARE`,
      [code],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** false when this user already activated this code. */
  async recordActivation(
    m: EntityManager,
    owner: UserId,
    a: { promoId: number; transferId: string; base: number; bonus: number },
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ${this.sql.t('promo_activations')} (promo_id, telegram_id, transfer_id, base, bonus)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING promo_id`,
      [a.promoId, owner, a.transferId, a.base, a.bonus],
    );
    return rows.length === 1;
  }

  async activated(m: EntityManager, owner: UserId, promoId: number): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM ${this.sql.t('promo_activations')} WHERE promo_id = $1 AND telegram_id = $2`,
      [promoId, owner],
    );
    return rows.length > 0;
  }

  /** The user's available balance (their account), row-locked for the activation. */
  async lockAvailable(m: EntityManager, accountId: number): Promise<number> {
    const rows: Array<{ balance: string }> = await m.query(
      `SELECT balance FROM ${this.sql.t('accounts')} WHERE id = $1 FOR UPDATE`,
      [accountId],
    );
    return Number(rows[0]?.balance ?? 0);
  }
}
