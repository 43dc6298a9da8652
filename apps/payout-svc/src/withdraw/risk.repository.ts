import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { PayoutSql } from '../common/payout-sql';

export interface RiskHistory {
  readonly priorRequests: number;
  readonly seenIp: boolean;
  readonly seenAgent: boolean;
  readonly last24h: number;
  readonly otherAccountsOnAddress: number;
  readonly blacklisted: boolean;
}

export interface BlacklistEntry {
  readonly address: string;
  readonly reason: string;
  readonly addedBy: number | null;
  readonly createdAt: Date;
}

interface BlacklistRaw {
  address: string;
  reason: string;
  added_by: string | null;
  created_at: Date;
}

const toEntry = (r: BlacklistRaw): BlacklistEntry => ({
  address: r.address,
  reason: r.reason,
  addedBy: r.added_by === null ? null : Number(r.added_by),
  createdAt: r.created_at,
});

/** What the risk score reads: the user's own request history and the address's. */
@Injectable()
export class RiskRepository {
  constructor(private readonly sql: PayoutSql) {}

  async history(
    m: EntityManager,
    owner: UserId,
    ip: string,
    agent: string,
    address: string,
  ): Promise<RiskHistory> {
    const rows: Array<{
      prior: string;
      seen_ip: boolean;
      seen_agent: boolean;
      day: string;
      others: string;
      blacklisted: boolean;
    }> = await m.query(
      `SELECT
         (SELECT count(*) FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1) AS prior,
         EXISTS (SELECT 1 FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1 AND client_ip = $2) AS seen_ip,
         EXISTS (SELECT 1 FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1 AND client_agent = $3) AS seen_agent,
         (SELECT count(*) FROM ${this.sql.t('withdraw_requests')} WHERE telegram_id = $1 AND created_at > now() - interval '24 hours') AS day,
         (SELECT count(DISTINCT telegram_id) FROM ${this.sql.t('withdraw_requests')} WHERE lower(wallet_address) = lower($4) AND telegram_id <> $1) AS others,
         EXISTS (SELECT 1 FROM ${this.sql.t('address_blacklist')} WHERE address = lower($4)) AS blacklisted`,
      [owner, ip, agent, address],
    );
    const r = rows[0];
    return {
      priorRequests: Number(r.prior),
      seenIp: r.seen_ip,
      seenAgent: r.seen_agent,
      last24h: Number(r.day),
      otherAccountsOnAddress: Number(r.others),
      blacklisted: r.blacklisted,
    };
  }

  /** Lists an address (or replaces its reason); created is false when it was listed already. */
  async blacklist(
    address: string,
    reason: string,
    actor: number,
    m: EntityManager = this.sql.ds.manager,
  ): Promise<{ entry: BlacklistEntry; created: boolean }> {
    const rows = await this.sql.rows<BlacklistRaw & { created: boolean }>(
      m,
      `INSERT INTO ${this.sql.t('address_blacklist')} AS b (address, reason, added_by) VALUES (lower($1), $2, $3)
       ON CONFLICT (address) DO UPDATE SET reason = EXCLUDED.reason, added_by = EXCLUDED.added_by
       RETURNING b.*, (xmax = 0) AS created`,
      [address, reason, actor],
    );
    return { entry: toEntry(rows[0]), created: rows[0].created };
  }

  /** Takes an address off the list; false when it was not listed. */
  async unblacklist(m: EntityManager, address: string): Promise<BlacklistEntry | undefined> {
    const rows = await this.sql.rows<BlacklistRaw>(
      m,
      `DELETE FROM ${this.sql.t('address_blacklist')} WHERE address = lower($1) RETURNING *`,
      [address],
    );
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async listBlacklist(page: {
    limit: number;
    offset: number;
  }): Promise<{ rows: BlacklistEntry[]; total: number }> {
    const rows: BlacklistRaw[] = await this.sql.ds.query(
      `SELECT * FROM ${this.sql.t('address_blacklist')} ORDER BY created_at DESC, address LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const count: Array<{ n: string }> = await this.sql.ds.query(
      `SELECT count(*) AS n FROM ${this.sql.t('address_blacklist')}`,
    );
    return { rows: rows.map(toEntry), total: Number(count[0]?.n ?? 0) };
  }
}
