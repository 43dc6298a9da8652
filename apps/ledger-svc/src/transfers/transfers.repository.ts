import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { Page } from '../common/page';
import type { TransferKind, TransferStatus } from './transfer.entity';

export interface NewTransfer {
  readonly id: string;
  readonly kind: TransferKind;
  readonly status: TransferStatus;
  readonly telegramId: UserId | null;
  readonly debitAccountId: number;
  readonly creditAccountId: number;
  readonly amount: number;
  readonly pendingId?: string | null;
  readonly reference?: string;
  readonly note?: string;
  readonly milliMb?: number;
}

export interface TransferRow {
  readonly id: string;
  readonly kind: TransferKind;
  readonly status: TransferStatus;
  readonly telegramId: UserId | null;
  readonly debitAccountId: number;
  readonly creditAccountId: number;
  readonly debitAccount: string;
  readonly creditAccount: string;
  readonly amount: number;
  /** Signed change of the user's available balance. */
  readonly availableDelta: number;
  readonly pendingId: string | null;
  readonly reference: string;
  readonly note: string;
  readonly milliMb: number;
  readonly createdAt: Date;
}

interface RawTransfer {
  id: string;
  kind: TransferKind;
  status: TransferStatus;
  telegram_id: string | null;
  debit_account_id: string;
  credit_account_id: string;
  debit_code: string;
  credit_code: string;
  debit_kind: string;
  credit_kind: string;
  amount: string;
  pending_id: string | null;
  reference: string;
  note: string;
  milli_mb: string;
  created_at: Date;
}

/** A transfer row as json_agg gives it: bigints as numbers, the time as ISO text. */
type BigintColumn =
  'telegram_id' | 'debit_account_id' | 'credit_account_id' | 'amount' | 'milli_mb';
export type JsonTransfer = {
  [K in keyof RawTransfer]: K extends 'created_at'
    ? string
    : K extends BigintColumn
      ? RawTransfer[K] | number
      : RawTransfer[K];
};

function toRow(r: RawTransfer | JsonTransfer): TransferRow {
  const amount = Number(r.amount);
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    telegramId: r.telegram_id === null ? null : userId(Number(r.telegram_id)),
    debitAccountId: Number(r.debit_account_id),
    creditAccountId: Number(r.credit_account_id),
    debitAccount: r.debit_code,
    creditAccount: r.credit_code,
    amount,
    availableDelta:
      r.credit_kind === 'user_available' ? amount : r.debit_kind === 'user_available' ? -amount : 0,
    pendingId: r.pending_id,
    reference: r.reference,
    note: r.note,
    milliMb: Number(r.milli_mb),
    createdAt: typeof r.created_at === 'string' ? new Date(r.created_at) : r.created_at,
  };
}

export { toRow as toTransferRow };

/** Transfers: inserted (the trigger applies them), looked up, holds resolved once. */
@Injectable()
export class TransfersRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  private selectSql(where: string, tail = ''): string {
    return `SELECT t.id, t.kind, t.status, t.telegram_id, t.debit_account_id, t.credit_account_id, t.amount, t.pending_id,
              t.reference, t.note, t.milli_mb, t.created_at,
              da.code AS debit_code, da.kind AS debit_kind, ca.code AS credit_code, ca.kind AS credit_kind
            FROM ${this.sql.t('transfers')} t
            JOIN ${this.sql.t('accounts')} da ON da.id = t.debit_account_id
            JOIN ${this.sql.t('accounts')} ca ON ca.id = t.credit_account_id
            WHERE ${where} ${tail}`;
  }

  /** Inserts the transfers whose id is new; resolves with the ids inserted. Throws on insufficient balance. */
  async insert(manager: EntityManager, rows: readonly NewTransfer[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO ${this.sql.t('transfers')}
         (id, kind, status, telegram_id, debit_account_id, credit_account_id, amount, pending_id, reference, note, milli_mb)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::bigint[], $5::bigint[], $6::bigint[],
                            $7::bigint[], $8::varchar[], $9::varchar[], $10::text[], $11::bigint[])
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.status),
        rows.map((r) => r.telegramId),
        rows.map((r) => r.debitAccountId),
        rows.map((r) => r.creditAccountId),
        rows.map((r) => r.amount),
        rows.map((r) => r.pendingId ?? null),
        rows.map((r) => r.reference ?? ''),
        rows.map((r) => r.note ?? ''),
        rows.map((r) => r.milliMb ?? 0),
      ],
    );
    return new Set(inserted.map((r) => r.id));
  }

  /**
   * A transfer by its id (a client-chosen idempotency key, not a user's resource: money
   * movements are internal RPCs; users read their own through listForUser).
   */
  async find(manager: EntityManager, id: string, lock = false): Promise<TransferRow | undefined> {
    const rows: RawTransfer[] = await manager.query(
      this.selectSql('t.id = $1', lock ? 'FOR UPDATE OF t' : ''),
      [id],
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** The post/void that resolved a hold, if any. */
  async resolutionOf(manager: EntityManager, pendingId: string): Promise<TransferRow | undefined> {
    const rows: RawTransfer[] = await manager.query(this.selectSql('t.pending_id = $1'), [
      pendingId,
    ]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** pending → posted | voided; false when the hold was not pending any more. */
  async resolve(manager: EntityManager, id: string, status: 'posted' | 'voided'): Promise<boolean> {
    // TypeORM answers a bare UPDATE with [rows, count]; a CTE makes it a plain row list.
    const rows: unknown[] = await manager.query(
      `WITH u AS (UPDATE ${this.sql.t('transfers')} SET status = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id)
       SELECT id FROM u`,
      [id, status],
    );
    return rows.length === 1;
  }

  /**
   * SQL of a user's transfers, newest first (a post of a hold is not listed: the hold is); the
   * telegram id is $1, and `page` the LIMIT/OFFSET clause.
   */
  userTransfersSql(page: string): string {
    return this.selectSql(
      `t.telegram_id = $1 AND t.kind <> 'withdraw_post'`,
      `ORDER BY t.created_at DESC, t.id DESC ${page}`,
    );
  }

  /** The user's transactions, newest first (a hold's post leg is internal and hidden). */
  async listForUser(owner: UserId, page: Page): Promise<TransferRow[]> {
    const rows: RawTransfer[] = await this.ds.manager.query(
      this.userTransfersSql('LIMIT $2 OFFSET $3'),
      [owner, page.limit, page.offset],
    );
    return rows.map(toRow);
  }

  async countForUser(owner: UserId): Promise<number> {
    const rows: Array<{ n: string }> = await this.ds.manager.query(
      `SELECT count(*) AS n FROM ${this.sql.t('transfers')} WHERE telegram_id = $1 AND kind <> 'withdraw_post'`,
      [owner],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
