import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

export type LogKind = 'auth' | 'traffic';
export type LogLevel = 'info' | 'warn' | 'error';

export interface LogFilter {
  readonly kind: LogKind;
  readonly userId: number;
  readonly ip: string;
  readonly level: LogLevel | '';
  readonly from: Date | null;
  readonly to: Date | null;
  /** Keyset position: rows strictly older than (at, id). `at` keeps Postgres' microseconds. */
  readonly after: { readonly at: string; readonly id: string } | null;
  readonly limit: number;
}

export interface LogRow {
  readonly id: string;
  /** ISO with microseconds (the keyset value). */
  readonly atText: string;
  readonly at: Date;
  readonly action: string;
  readonly level: LogLevel;
  readonly actorId: number;
  readonly targetId: number;
  readonly ip: string;
  readonly details: Record<string, unknown>;
}

// Sign-ins and ordinary sign-outs are info; everything else in the auth log (admin resets, bans,
// forced logouts, 2FA changes) is a security event worth a second look.
const AUTH_INFO_ACTIONS = ['auth.login', 'auth.logout', 'auth.logout_all'];

const AT_TEXT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The auth and traffic logs of the admin console, from auth-svc's own tables: the audit trail
 * (logins, logouts, security and admin actions) and the relay's API key usage batches.
 */
@Injectable()
export class AdminLogsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async page(f: LogFilter): Promise<LogRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown): string => {
      params.push(v);
      return `$${params.length}`;
    };
    const audit =
      f.kind === 'auth'
        ? `SELECT id, created_at, ${AT_TEXT} AS at_text, action, actor_id, target_id, ip, details,
                  CASE WHEN action = ANY(${p(AUTH_INFO_ACTIONS)}::text[]) THEN 'info' ELSE 'warn' END AS level
             FROM audit_log WHERE action LIKE 'auth.%' OR action LIKE '2fa.%'`
        : `SELECT id, created_at, ${AT_TEXT} AS at_text, action, actor_id, target_id, ip, details,
                  'info'::text AS level
             FROM audit_log WHERE action LIKE 'admin.api\\_key.%'`;
    const branches = [audit];
    // Usage batches carry no user or IP: a user or IP filter leaves them out.
    if (f.kind === 'traffic' && f.userId === 0 && f.ip === '')
      branches.push(
        `SELECT batch_id AS id, applied_at AS created_at,
                to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text,
                'api_key.usage'::varchar AS action, 0::bigint AS actor_id, 0::bigint AS target_id,
                ''::text AS ip,
                jsonb_build_object('batch_id', batch_id, 'keys', key_count) AS details,
                'info'::text AS level
           FROM api_key_usage_batches`,
      );
    const where: string[] = ['true'];
    if (f.userId !== 0) where.push(`(actor_id = ${p(f.userId)} OR target_id = ${p(f.userId)})`);
    if (f.ip !== '') where.push(`ip = ${p(f.ip)}`);
    if (f.level !== '') where.push(`level = ${p(f.level)}`);
    if (f.from) where.push(`created_at >= ${p(f.from)}`);
    if (f.to) where.push(`created_at < ${p(f.to)}`);
    if (f.after)
      where.push(`(created_at, id) < (${p(f.after.at)}::timestamptz, ${p(f.after.id)}::uuid)`);
    const limit = p(f.limit);
    // Postgres flattens each branch, so the filters reach its table's own columns and index.
    const union = branches
      .map(
        (b) =>
          `(SELECT * FROM (${b}) b WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${limit})`,
      )
      .join(' UNION ALL ');
    const rows = await this.ds.query<Array<Record<string, unknown>>>(
      `SELECT * FROM (${union}) x ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      atText: String(r.at_text),
      at: r.created_at as Date,
      action: String(r.action),
      level: r.level as LogLevel,
      actorId: Number(r.actor_id),
      targetId: Number(r.target_id),
      ip: typeof r.ip === 'string' ? r.ip : '',
      details: (r.details ?? {}) as Record<string, unknown>,
    }));
  }
}
