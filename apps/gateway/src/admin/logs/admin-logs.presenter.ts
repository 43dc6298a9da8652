import type { auth } from '@trafficshare/contracts';
import type { RecordedError } from '@trafficshare/observability';

import type { ErrorEntryJson, LogEntryJson } from './admin-logs.contract';

const details = (json: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export const logEntryJson = (e: auth.AdminLogEntry): LogEntryJson => ({
  id: e.id,
  at: e.at,
  action: e.action,
  level: e.level === 'warn' || e.level === 'error' ? e.level : 'info',
  actor_id: Number(e.actorId),
  target_id: Number(e.targetId),
  ip: e.ip,
  details: details(e.detailsJson),
});

export const errorEntryJson = (e: RecordedError): ErrorEntryJson => ({
  id: e.id,
  at: e.at.toISOString(),
  app: e.app,
  kind: e.kind,
  level: e.level,
  request_id: e.requestId,
  route: e.route,
  status: e.status,
  code: e.code,
  error: e.error,
  user: e.userId,
  ip: e.ip,
  suppressed: e.suppressed,
});
