import { Injectable } from '@nestjs/common';

import { PayoutSql } from '../common/payout-sql';
import { toWithdrawRow, type WithdrawRow } from '../withdraw/withdraw.repository';

/** The worker's claims: due rows leased with FOR UPDATE SKIP LOCKED (replicas never share one). */
@Injectable()
export class WorkerRepository {
  constructor(private readonly sql: PayoutSql) {}

  /** Leases up to `limit` due rows, none of `skip` (the rows a pass has handled already). */
  async claim(
    owner: string,
    limit: number,
    leaseS: number,
    skip: readonly string[] = [],
  ): Promise<WithdrawRow[]> {
    const t = this.sql.t('withdraw_requests');
    const rows = await this.sql.rows<Parameters<typeof toWithdrawRow>[0]>(
      this.sql.ds.manager,
      `WITH due AS (
         SELECT id FROM ${t}
          WHERE status IN ('reserving', 'pending', 'processing') AND next_attempt_at <= now()
            AND (lease_until IS NULL OR lease_until < now()) AND NOT (id = ANY($4::uuid[]))
          ORDER BY next_attempt_at LIMIT $1
          FOR UPDATE SKIP LOCKED)
       UPDATE ${t} w SET lease_until = now() + make_interval(secs => $2), lease_owner = $3
         FROM due WHERE w.id = due.id
       RETURNING w.*`,
      [limit, leaseS, owner, skip],
    );
    return rows.map(toWithdrawRow);
  }

  /** Try again in `delayS` (the lease ends); counts an attempt or a poll. */
  async reschedule(
    id: string,
    delayS: number,
    counter: 'attempts' | 'poll_count' | 'none',
  ): Promise<void> {
    const inc = counter === 'none' ? '' : `, ${counter} = ${counter} + 1`;
    await this.sql.ds.query(
      `UPDATE ${this.sql.t('withdraw_requests')}
          SET next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL, lease_owner = NULL,
              updated_at = now() ${inc}
        WHERE id = $1`,
      [id, delayS],
    );
  }

  /** Written (and committed) before the provider is asked to pay: a restart knows to look first. */
  async markAttempted(id: string): Promise<void> {
    await this.sql.ds.query(
      `UPDATE ${this.sql.t('withdraw_requests')} SET provider_attempted_at = now() WHERE id = $1`,
      [id],
    );
  }

  async queueStats(): Promise<{
    byStatus: Record<string, number>;
    stuck: number;
    oldestPendingS: number;
    oldestProcessingS: number;
  }> {
    const rows: Array<{ status: string; n: string }> = await this.sql.ds.query(
      `SELECT status, count(*) AS n FROM ${this.sql.t('withdraw_requests')}
        WHERE status IN ('reserving', 'pending', 'pending_manual_review', 'processing') GROUP BY status`,
    );
    const t = this.sql.t('withdraw_requests');
    const ages: Array<{ stuck: string; pending_s: number | null; processing_s: number | null }> =
      await this.sql.ds.query(
        `SELECT
           (SELECT count(*) FROM ${t} WHERE status = 'processing'
              AND coalesce(processing_at, created_at) < now() - interval '24 hours') AS stuck,
           (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM ${t}
             WHERE status = 'pending') AS pending_s,
           (SELECT extract(epoch FROM now() - min(coalesce(processing_at, created_at)))::float8
              FROM ${t} WHERE status = 'processing') AS processing_s`,
      );
    return {
      byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
      stuck: Number(ages[0]?.stuck ?? 0),
      oldestPendingS: ages[0]?.pending_s ?? 0,
      oldestProcessingS: ages[0]?.processing_s ?? 0,
    };
  }
}
