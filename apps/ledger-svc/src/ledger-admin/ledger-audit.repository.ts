import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { LedgerSql } from '../common/ledger-sql';

export interface AuditEntry {
  readonly actorId: number;
  readonly targetId: number;
  readonly action: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

/** The ledger's audit trail, written in the transaction of the audited change. */
@Injectable()
export class LedgerAuditRepository {
  constructor(private readonly sql: LedgerSql) {}

  async add(m: EntityManager, e: AuditEntry): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('audit_log')} (actor_id, target_id, action, details, ip) VALUES ($1, $2, $3, $4, $5)`,
      [e.actorId, e.targetId, e.action, JSON.stringify(e.details ?? {}), e.ip ?? ''],
    );
  }
}
