import type { auth } from '@trafficshare/contracts';

import type { AuditEntryJson } from './admin-audit.contract';

function detailsOf(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : { value: v };
  } catch {
    return { raw: json };
  }
}

export const auditEntryJson = (e: auth.AdminAuditEntry): AuditEntryJson => ({
  id: Number(e.seq),
  event_id: e.eventId,
  service: e.service,
  admin_id: Number(e.actorId),
  action: e.action,
  target: e.target,
  details: detailsOf(e.detailsJson),
  ip: e.ip,
  occurred_at: e.occurredAt,
  recorded_at: e.recordedAt,
  prev_hash: e.prevHash,
  hash: e.hash,
});
