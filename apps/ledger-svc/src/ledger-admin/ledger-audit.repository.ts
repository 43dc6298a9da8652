import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';

export interface AuditEntry {
  readonly actorId: number;
  /** The user concerned; 0 for platform-wide actions (a price, a promo code). */
  readonly targetId: number;
  /** What a platform-wide action changed (`price:2026-12-05`, `promo:CODE`); default `user:<targetId>`. */
  readonly target?: string;
  readonly action: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

/**
 * The ledger's audit trail, written in the transaction of the audited change. Every entry is an
 * admin's action, so it is also published as AdminActionRecorded in that transaction (the
 * platform's audit chain in auth-svc).
 */
@Injectable()
export class LedgerAuditRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async add(m: EntityManager, e: AuditEntry): Promise<void> {
    const details = JSON.stringify(e.details ?? {});
    await m.query(
      `INSERT INTO ${this.sql.t('audit_log')} (actor_id, target_id, action, details, ip) VALUES ($1, $2, $3, $4, $5)`,
      [e.actorId, e.targetId, e.action, details, e.ip ?? ''],
    );
    await this.outbox.add(m, 'AdminActionRecorded', {
      service: 'ledger-svc',
      actorId: e.actorId,
      action: e.action,
      target: e.target ?? (e.targetId ? `user:${e.targetId}` : ''),
      detailsJson: details,
      ip: e.ip ?? '',
      occurredAt: new Date().toISOString(),
    });
  }
}
