import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX } from '@trafficshare/service-kit';

import { PayoutSql } from './payout-sql';

export type AuditKind = 'provider_call' | 'webhook' | 'admin_action';

export interface AuditInput {
  readonly withdrawId?: string | null;
  readonly kind: AuditKind;
  readonly provider?: string;
  readonly endpoint?: string;
  readonly statusCode?: number;
  readonly signatureValid?: boolean;
  readonly body?: string;
  readonly actor?: number;
  readonly note?: string;
}

export interface AuditRow {
  readonly kind: AuditKind;
  readonly endpoint: string;
  readonly statusCode: number;
  readonly signatureValid: boolean | null;
  readonly body: string;
  readonly actor: number | null;
  readonly note: string;
  readonly createdAt: Date;
}

const MAX_BODY = 64 * 1024;

/** payout_audit: every provider call and answer, every webhook (raw), every admin action. */
@Injectable()
export class AuditRepository {
  constructor(
    private readonly sql: PayoutSql,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /**
   * An admin action is also published as AdminActionRecorded in the same transaction (the
   * platform's audit chain in auth-svc); provider calls and webhooks are not admin actions.
   */
  async add(a: AuditInput, m: EntityManager = this.sql.ds.manager): Promise<void> {
    if (a.kind !== 'admin_action') return this.insert(a, m);
    if (m === this.sql.ds.manager) return this.sql.ds.transaction((t) => this.addAdmin(a, t));
    return this.addAdmin(a, m);
  }

  private async addAdmin(a: AuditInput, m: EntityManager): Promise<void> {
    await this.insert(a, m);
    let body: unknown = {};
    try {
      body = JSON.parse(a.body ?? '{}');
    } catch {
      body = { body: a.body };
    }
    await this.outbox.add(m, 'AdminActionRecorded', {
      service: 'payout-svc',
      actorId: a.actor ?? 0,
      action: `withdraw.${a.endpoint ?? ''}`,
      target: a.withdrawId ? `withdraw:${a.withdrawId}` : '',
      detailsJson: JSON.stringify({ ...(body as object), note: a.note ?? '' }),
      ip: '',
      occurredAt: new Date().toISOString(),
    });
  }

  private async insert(a: AuditInput, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO ${this.sql.t('payout_audit')}
         (withdraw_id, kind, provider, endpoint, status_code, signature_valid, body, actor, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        a.withdrawId ?? null,
        a.kind,
        a.provider ?? '',
        a.endpoint ?? '',
        a.statusCode ?? 0,
        a.signatureValid ?? null,
        (a.body ?? '').replaceAll('\u0000', '').slice(0, MAX_BODY),
        a.actor ?? null,
        a.note ?? '',
      ],
    );
  }

  async forWithdraw(withdrawId: string): Promise<AuditRow[]> {
    const rows: Array<{
      kind: AuditKind;
      endpoint: string;
      status_code: number;
      signature_valid: boolean | null;
      body: string;
      actor: string | null;
      note: string;
      created_at: Date;
    }> = await this.sql.ds.query(
      `SELECT * FROM ${this.sql.t('payout_audit')} WHERE withdraw_id = $1 ORDER BY id`,
      [withdrawId],
    );
    return rows.map((r) => ({
      kind: r.kind,
      endpoint: r.endpoint,
      statusCode: r.status_code,
      signatureValid: r.signature_valid,
      body: r.body,
      actor: r.actor === null ? null : Number(r.actor),
      note: r.note,
      createdAt: r.created_at,
    }));
  }
}
