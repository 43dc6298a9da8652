import { Injectable } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { AdminLogsException, AdminLogsErrorCode as Code } from './admin-logs.exception';
import { AdminLogsRepository, type LogKind, type LogLevel } from './admin-logs.repository';

const MAX_LIMIT = 200;
const LEVELS = ['', 'info', 'warn', 'error'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const KINDS: Partial<Record<auth.AdminLogKind, LogKind>> = {
  [auth.AdminLogKind.ADMIN_LOG_KIND_AUTH]: 'auth',
  [auth.AdminLogKind.ADMIN_LOG_KIND_TRAFFIC]: 'traffic',
};

const encodeCursor = (at: string, id: string): string =>
  Buffer.from(`${at}|${id}`).toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } | null {
  if (cursor === '') return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || !AT.test(at) || !UUID.test(id))
    throw new AdminLogsException(Code.InvalidCursor, 'The cursor is not one this log returned');
  return { at, id };
}

function time(value: string, name: string): Date | null {
  if (value === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new AdminLogsException(Code.InvalidRange, `${name} must be an RFC 3339 time`);
  return d;
}

/** The admin console's auth and traffic logs (superadmins), newest first, keyset pages. */
@Injectable()
export class AdminLogsService {
  constructor(private readonly repo: AdminLogsRepository) {}

  async list(
    caller: CallerInfo,
    req: Omit<auth.ListAdminLogsRequest, 'caller'>,
  ): Promise<auth.ListAdminLogsResponse> {
    requireRole(caller, 'superadmin');
    const kind = KINDS[req.kind];
    if (!kind) throw new AdminLogsException(Code.InvalidKind, 'kind must be auth or traffic');
    if (!Number.isInteger(req.limit) || req.limit < 1 || req.limit > MAX_LIMIT)
      throw new AdminLogsException(Code.InvalidLimit, `limit must be 1-${MAX_LIMIT}`);
    if (!(LEVELS as readonly string[]).includes(req.level))
      throw new AdminLogsException(Code.InvalidLevel, 'level must be info, warn or error');
    const from = time(req.from, 'from');
    const to = time(req.to, 'to');
    if (from && to && from >= to)
      throw new AdminLogsException(Code.InvalidRange, 'from must be before to');
    const rows = await this.repo.page({
      kind,
      userId: Number(req.telegramId),
      ip: req.ip,
      level: req.level as LogLevel | '',
      from,
      to,
      after: decodeCursor(req.cursor),
      limit: req.limit + 1,
    });
    const page = rows.slice(0, req.limit);
    const last = page.at(-1);
    return {
      entries: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        action: r.action,
        level: r.level,
        actorId: r.actorId,
        targetId: r.targetId,
        ip: r.ip,
        detailsJson: JSON.stringify(r.details),
      })),
      nextCursor: rows.length > req.limit && last ? encodeCursor(last.atText, last.id) : '',
    };
  }
}
