import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { auth, events } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { AdminAuditErrorCode, AdminAuditException } from './admin-audit.exception';
import { canonicalJson, chainHash, walkChain, type StoredRow } from './admin-audit.hash';
import { AdminAuditRepository, type AuditFilter } from './admin-audit.repository';

const MAX_PAGE = 200;
const VERIFY_PAGE = 1000;

const invalid = (message: string) =>
  new AdminAuditException(AdminAuditErrorCode.InvalidFilter, message);

function time(name: string, s: string): Date | undefined {
  if (s === '') return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw invalid(`${name} must be an RFC 3339 time`);
  return new Date(t);
}

/** Details as canonical JSON: an object stays an object (keys sorted), anything else is wrapped. */
function canonicalDetails(json: string): string {
  try {
    const v: unknown = JSON.parse(json === '' ? '{}' : json);
    return canonicalJson(
      v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v },
    );
  } catch {
    return canonicalJson({ raw: json });
  }
}

export const entryProto = (r: StoredRow): auth.AdminAuditEntry => ({
  seq: r.seq,
  eventId: r.eventId,
  service: r.service,
  actorId: r.actorId,
  action: r.action,
  target: r.target,
  detailsJson: r.details,
  ip: r.ip,
  occurredAt: r.occurredAt,
  recordedAt: r.recordedAt,
  prevHash: r.prevHash,
  hash: r.hash,
});

/**
 * The platform's admin audit trail. Every service publishes its admin actions as
 * AdminActionRecorded through its outbox in the action's transaction (most also keep their own
 * audit rows; notify-svc and telemetry-svc have only this); this service, the
 * only consumer, appends each event to one hash chain (in the order it takes them, under one
 * lock) and can prove later that no row was edited or removed.
 */
@Injectable()
export class AdminAuditService {
  constructor(private readonly repo: AdminAuditRepository) {}

  /** Appends one event; the same event id twice appends once. */
  async append(m: EntityManager, eventId: string, e: events.AdminActionRecorded): Promise<void> {
    const head = await this.repo.lockHead(m);
    if (await this.repo.hasEvent(m, eventId)) return;
    const occurred = Date.parse(e.occurredAt);
    const fields = {
      seq: head.seq + 1,
      eventId,
      service: e.service.slice(0, 64),
      actorId: Number(e.actorId),
      action: e.action.slice(0, 128),
      target: e.target,
      details: canonicalDetails(e.detailsJson),
      ip: e.ip,
      occurredAt: new Date(Number.isNaN(occurred) ? Date.now() : occurred).toISOString(),
      recordedAt: new Date().toISOString(),
      prevHash: head.hash,
    };
    await this.repo.append(m, { ...fields, hash: chainHash(fields) });
  }

  async list(
    caller: CallerInfo,
    r: auth.ListAdminAuditRequest,
  ): Promise<auth.ListAdminAuditResponse> {
    requireRole(caller, 'superadmin');
    if (!Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_PAGE) {
      throw invalid(`limit must be 1-${MAX_PAGE}`);
    }
    const filter: AuditFilter = {
      actorId: Number(r.actorId) || undefined,
      action: r.action || undefined,
      target: r.target || undefined,
      from: time('from', r.from),
      to: time('to', r.to),
      beforeSeq: Number(r.beforeSeq) || undefined,
    };
    const rows = await this.repo.list(filter, r.limit);
    const last = rows[rows.length - 1];
    return {
      entries: rows.map(entryProto),
      nextBeforeSeq: rows.length === r.limit && last && last.seq > 1 ? last.seq : 0,
    };
  }

  /** Recomputes the whole chain page by page (memory holds one page). */
  async verify(caller: CallerInfo): Promise<auth.VerifyAdminAuditResponse> {
    requireRole(caller, 'superadmin');
    let last = { seq: 0, hash: '0'.repeat(64) };
    let checked = 0;
    for (;;) {
      const rows = await this.repo.pageAfter(last.seq, VERIFY_PAGE);
      if (rows.length === 0) break;
      const walked = walkChain(rows, last);
      if (!walked.ok) {
        checked += rows.findIndex((r) => r.seq >= walked.seq) + 1;
        return { ok: false, checked, firstBadSeq: walked.seq, reason: walked.reason };
      }
      checked += rows.length;
      last = walked.last;
    }
    const head = await this.repo.head();
    if (head && (head.seq !== last.seq || head.hash !== last.hash)) {
      // The head points past the last row (the newest rows were deleted) or at another hash.
      return { ok: false, checked, firstBadSeq: last.seq + 1, reason: 'row_missing' };
    }
    return { ok: true, checked, firstBadSeq: 0, reason: '' };
  }
}
