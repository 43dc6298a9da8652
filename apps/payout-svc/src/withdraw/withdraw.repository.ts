import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ExportCursor, ExportPageQuery } from '@trafficshare/grpc';
import { userId, type UserId } from '@trafficshare/identity';

import { PayoutSql } from '../common/payout-sql';

export type WithdrawStatus =
  | 'reserving'
  | 'pending'
  | 'pending_manual_review'
  | 'processing'
  | 'completed'
  | 'failed'
  | 'canceled';

export const WITHDRAW_STATUSES: readonly WithdrawStatus[] = [
  'reserving',
  'pending',
  'pending_manual_review',
  'processing',
  'completed',
  'failed',
  'canceled',
];

export interface WithdrawRow {
  readonly id: string;
  readonly telegramId: UserId;
  readonly amountMicroUsd: number;
  readonly feeMicroUsd: number;
  readonly usdToUsdtRate: string;
  readonly amountMicroUsdt: number;
  readonly netMicroUsdt: number;
  readonly walletAddress: string;
  readonly network: string;
  readonly status: WithdrawStatus;
  readonly holdId: string;
  readonly provider: string;
  readonly payoutId: string | null;
  readonly batchId: string | null;
  readonly txHash: string | null;
  readonly failureReason: string;
  readonly note: string;
  readonly riskScore: number;
  readonly riskFactors: string[];
  readonly attempts: number;
  readonly pollCount: number;
  readonly providerAttemptedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly processedAt: Date | null;
}

export type NewWithdraw = Omit<
  WithdrawRow,
  | 'status'
  | 'payoutId'
  | 'batchId'
  | 'txHash'
  | 'failureReason'
  | 'note'
  | 'attempts'
  | 'pollCount'
  | 'providerAttemptedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'processedAt'
> & { readonly clientIp: string; readonly clientAgent: string; readonly reviewPriority: number };

interface Raw {
  id: string;
  telegram_id: string;
  amount_micro_usd: string;
  fee_micro_usd: string;
  usd_to_usdt_rate: string;
  amount_micro_usdt: string;
  net_micro_usdt: string;
  wallet_address: string;
  network: string;
  status: WithdrawStatus;
  hold_id: string;
  provider: string;
  payout_id: string | null;
  batch_id: string | null;
  tx_hash: string | null;
  failure_reason: string;
  note: string;
  risk_score: number;
  risk_factors: string[];
  attempts: number;
  poll_count: number;
  provider_attempted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  processed_at: Date | null;
}

export function toWithdrawRow(r: Raw): WithdrawRow {
  return {
    id: r.id,
    telegramId: userId(Number(r.telegram_id)),
    amountMicroUsd: Number(r.amount_micro_usd),
    feeMicroUsd: Number(r.fee_micro_usd),
    usdToUsdtRate: r.usd_to_usdt_rate,
    amountMicroUsdt: Number(r.amount_micro_usdt),
    netMicroUsdt: Number(r.net_micro_usdt),
    walletAddress: r.wallet_address,
    network: r.network,
    status: r.status,
    holdId: r.hold_id,
    provider: r.provider,
    payoutId: r.payout_id,
    batchId: r.batch_id,
    txHash: r.tx_hash,
    failureReason: r.failure_reason,
    note: r.note,
    riskScore: r.risk_score,
    riskFactors: r.risk_factors,
    attempts: r.attempts,
    pollCount: r.poll_count,
    providerAttemptedAt: r.provider_attempted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    processedAt: r.processed_at,
  };
}

export interface IdempotencyRow {
  readonly requestHash: string;
  readonly withdrawId: string;
  readonly response: { status: string; message: string } | null;
  readonly expired: boolean;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** Withdrawal rows and idempotency keys; every user read takes the owner first. */
@Injectable()
export class WithdrawRepository {
  constructor(private readonly sql: PayoutSql) {}

  manager(): EntityManager {
    return this.sql.ds.manager;
  }

  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.sql.tx(fn);
  }

  /** Serializes one user's request checks (rate limits, idempotency) until the transaction ends. */
  async lockUser(m: EntityManager, owner: UserId): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1), ($2::bigint % 2147483647)::int)`, [
      `${this.sql.t('withdraw_requests')}`,
      owner,
    ]);
  }

  async findKey(m: EntityManager, owner: UserId, key: string): Promise<IdempotencyRow | undefined> {
    const rows: Array<{
      request_hash: string;
      withdraw_id: string;
      response: IdempotencyRow['response'];
      expired: boolean;
    }> = await m.query(
      `SELECT request_hash, withdraw_id, response, expires_at <= now() AS expired
         FROM ${this.sql.t('idempotency_keys')} WHERE telegram_id = $1 AND key = $2`,
      [owner, key],
    );
    const r = rows[0];
    return r
      ? {
          requestHash: r.request_hash,
          withdrawId: r.withdraw_id,
          response: r.response,
          expired: r.expired,
        }
      : undefined;
  }

  async insertKey(
    m: EntityManager,
    owner: UserId,
    key: string,
    hash: string,
    withdrawId: string,
    ttlS: number,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('idempotency_keys')} (telegram_id, key, request_hash, withdraw_id, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [owner, key, hash, withdrawId, ttlS],
    );
  }

  async deleteKey(m: EntityManager, owner: UserId, key: string): Promise<void> {
    await m.query(
      `DELETE FROM ${this.sql.t('idempotency_keys')} WHERE telegram_id = $1 AND key = $2`,
      [owner, key],
    );
  }

  async setKeyResponse(
    m: EntityManager,
    withdrawId: string,
    status: string,
    message: string,
  ): Promise<void> {
    await m.query(
      `UPDATE ${this.sql.t('idempotency_keys')} SET response = $2 WHERE withdraw_id = $1`,
      [withdrawId, JSON.stringify({ status, message })],
    );
  }

  /** Accepted (or being accepted) requests of a user in the last `seconds`, and the oldest one's age. */
  async countSince(
    m: EntityManager,
    owner: UserId,
    seconds: number,
  ): Promise<{ n: number; oldestAgeS: number }> {
    const rows: Array<{ n: string; oldest_age: number | null }> = await m.query(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
         FROM ${this.sql.t('withdraw_requests')}
        WHERE telegram_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [owner, seconds],
    );
    return { n: Number(rows[0]?.n ?? 0), oldestAgeS: rows[0]?.oldest_age ?? 0 };
  }

  async insert(m: EntityManager, w: NewWithdraw, nextAttemptInS: number): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('withdraw_requests')}
        (id, telegram_id, amount_micro_usd, fee_micro_usd, usd_to_usdt_rate, amount_micro_usdt, net_micro_usdt,
         wallet_address, network, status, hold_id, provider, risk_score, risk_factors, review_priority,
         client_ip, client_agent, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'reserving', $10, $11, $12, $13, $14, $15, $16,
               now() + make_interval(secs => $17))`,
      [
        w.id,
        w.telegramId,
        w.amountMicroUsd,
        w.feeMicroUsd,
        w.usdToUsdtRate,
        w.amountMicroUsdt,
        w.netMicroUsdt,
        w.walletAddress,
        w.network,
        w.holdId,
        w.provider,
        w.riskScore,
        JSON.stringify(w.riskFactors),
        w.reviewPriority,
        w.clientIp,
        w.clientAgent,
        nextAttemptInS,
      ],
    );
  }

  /** A request whose hold was refused never existed: its row and key go. */
  async deleteReserving(m: EntityManager, id: string): Promise<boolean> {
    const rows = await this.sql.rows(
      m,
      `DELETE FROM ${this.sql.t('withdraw_requests')} WHERE id = $1 AND status = 'reserving' RETURNING id`,
      [id],
    );
    await m.query(`DELETE FROM ${this.sql.t('idempotency_keys')} WHERE withdraw_id = $1`, [id]);
    return rows.length === 1;
  }

  /**
   * Moves a row from one of `from` to `to` with the given column changes; undefined when it was
   * in another state (someone else moved it: status only moves forward).
   */
  async transition(
    m: EntityManager,
    id: string,
    from: readonly WithdrawStatus[],
    to: WithdrawStatus,
    set: Partial<{
      payoutId: string;
      batchId: string;
      txHash: string;
      failureReason: string;
      note: string;
      providerResponse: unknown;
      nextAttemptInS: number;
      processed: boolean;
      reserved: boolean;
      resetAttempts: boolean;
    }> = {},
  ): Promise<WithdrawRow | undefined> {
    const rows = await this.sql.rows<Raw>(
      m,
      `UPDATE ${this.sql.t('withdraw_requests')} SET
         status = $3,
         payout_id = COALESCE($4, payout_id),
         batch_id = COALESCE($5, batch_id),
         tx_hash = COALESCE($6, tx_hash),
         failure_reason = COALESCE($7, failure_reason),
         note = COALESCE($8, note),
         provider_response = COALESCE($9::jsonb, provider_response),
         next_attempt_at = CASE WHEN $10::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $10::float8) END,
         processed_at = CASE WHEN $11 THEN now() ELSE processed_at END,
         processing_at = CASE WHEN $3::varchar = 'processing' AND status <> 'processing' THEN now() ELSE processing_at END,
         reserved_balance = COALESCE($12, reserved_balance),
         attempts = CASE WHEN $13 THEN 0 ELSE attempts END,
         poll_count = CASE WHEN $13 THEN 0 ELSE poll_count END,
         provider_attempted_at = CASE WHEN $13 THEN NULL ELSE provider_attempted_at END,
         lease_until = NULL, lease_owner = NULL,
         updated_at = now()
       WHERE id = $1 AND status = ANY($2::varchar[])
       RETURNING *`,
      [
        id,
        from,
        to,
        set.payoutId ?? null,
        set.batchId ?? null,
        set.txHash ?? null,
        set.failureReason ?? null,
        set.note ?? null,
        set.providerResponse === undefined ? null : JSON.stringify(set.providerResponse),
        set.nextAttemptInS ?? null,
        set.processed ?? false,
        set.reserved ?? null,
        set.resetAttempts ?? false,
      ],
    );
    return rows[0] ? toWithdrawRow(rows[0]) : undefined;
  }

  async find(m: EntityManager, id: string, lock = false): Promise<WithdrawRow | undefined> {
    const rows: Raw[] = await m.query(
      `SELECT * FROM ${this.sql.t('withdraw_requests')} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toWithdrawRow(rows[0]) : undefined;
  }

  /** A user's own withdrawal (undefined for anyone else's: no IDOR). */
  async findForOwner(owner: UserId, id: string): Promise<WithdrawRow | undefined> {
    const rows: Raw[] = await this.sql.ds.query(
      `SELECT * FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1 AND id = $2`,
      [owner, id],
    );
    return rows[0] ? toWithdrawRow(rows[0]) : undefined;
  }

  async findAny(id: string): Promise<WithdrawRow | undefined> {
    return this.find(this.sql.ds.manager, id);
  }

  async findByPayoutId(
    m: EntityManager,
    provider: string,
    payoutId: string,
  ): Promise<WithdrawRow | undefined> {
    const rows: Raw[] = await m.query(
      `SELECT * FROM ${this.sql.t('withdraw_requests')} WHERE provider = $1 AND payout_id = $2`,
      [provider, payoutId],
    );
    return rows[0] ? toWithdrawRow(rows[0]) : undefined;
  }

  async listForOwner(owner: UserId, page: Page): Promise<{ rows: WithdrawRow[]; total: number }> {
    const rows: Raw[] = await this.sql.ds.query(
      `SELECT * FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [owner, page.limit, page.offset],
    );
    const count: Array<{ n: string }> = await this.sql.ds.query(
      `SELECT count(*) AS n FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1`,
      [owner],
    );
    return { rows: rows.map(toWithdrawRow), total: Number(count[0]?.n ?? 0) };
  }

  /** Admin list; manual reviews are ordered premium first (review_priority), then oldest first. */
  async adminList(
    filter: { status?: WithdrawStatus; telegramId?: UserId },
    page: Page,
  ): Promise<{ rows: WithdrawRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.telegramId) {
      params.push(filter.telegramId);
      where.push(`telegram_id = $${params.length}`);
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order =
      filter.status === 'pending_manual_review'
        ? 'review_priority DESC, created_at ASC, id'
        : 'created_at DESC, id DESC';
    const rows: Raw[] = await this.sql.ds.query(
      `SELECT * FROM ${this.sql.t('withdraw_requests')} ${w} ORDER BY ${order}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    );
    const count: Array<{ n: string }> = await this.sql.ds.query(
      `SELECT count(*) AS n FROM ${this.sql.t('withdraw_requests')} ${w}`,
      params,
    );
    return { rows: rows.map(toWithdrawRow), total: Number(count[0]?.n ?? 0) };
  }

  /** One keyset page of the withdrawals created in [from, to), oldest first (reports export). */
  async exportPage(q: ExportPageQuery): Promise<Array<{ row: WithdrawRow; cursor: ExportCursor }>> {
    const params: unknown[] = [q.from, q.to, q.limit];
    let keyset = '';
    if (q.after) {
      params.push(q.after.at, q.after.id);
      keyset = 'AND (created_at, id) > ($4::timestamptz, $5::uuid)';
    }
    const rows: Array<Raw & { cursor_at: string }> = await this.sql.ds.query(
      `SELECT *, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM ${this.sql.t('withdraw_requests')}
        WHERE created_at >= $1 AND created_at < $2 ${keyset}
        ORDER BY created_at, id
        LIMIT $3`,
      params,
    );
    return rows.map((r) => ({ row: toWithdrawRow(r), cursor: { at: r.cursor_at, id: r.id } }));
  }
}
