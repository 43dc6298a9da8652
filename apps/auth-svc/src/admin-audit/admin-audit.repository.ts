import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { GENESIS_HASH, type StoredRow } from './admin-audit.hash';

export interface AuditFilter {
  readonly actorId?: number;
  /** Exact action, or a prefix when it ends in '.'. */
  readonly action?: string;
  readonly target?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly beforeSeq?: number;
}

interface RawRow {
  seq: string;
  event_id: string;
  service: string;
  actor_id: string;
  action: string;
  target: string;
  details: string;
  ip: string;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

const toStored = (r: RawRow): StoredRow => ({
  seq: Number(r.seq),
  eventId: r.event_id,
  service: r.service,
  actorId: Number(r.actor_id),
  action: r.action,
  target: r.target,
  details: r.details,
  ip: r.ip,
  occurredAt: r.occurred_at.toISOString(),
  recordedAt: r.recorded_at.toISOString(),
  prevHash: r.prev_hash,
  hash: r.hash,
});

const COLUMNS =
  'seq, event_id, service, actor_id, action, target, details, ip, occurred_at, recorded_at, prev_hash, hash';

/** The admin audit chain: appends under one lock, filtered reads, ordered walks for verify. */
@Injectable()
export class AdminAuditRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /**
   * Locks the chain for the caller's transaction (one appender at a time, whatever the number
   * of consumers or replicas) and returns its head: the last seq and hash.
   */
  async lockHead(m: EntityManager): Promise<{ seq: number; hash: string }> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('admin_audit_chain'))`);
    const rows = await m.query<Array<{ seq: string; hash: string }>>(
      'SELECT seq, hash FROM admin_audit_head WHERE id = 1',
    );
    return rows[0]
      ? { seq: Number(rows[0].seq), hash: rows[0].hash }
      : { seq: 0, hash: GENESIS_HASH };
  }

  async hasEvent(m: EntityManager, eventId: string): Promise<boolean> {
    const rows = await m.query<unknown[]>('SELECT 1 FROM admin_audit_chain WHERE event_id = $1', [
      eventId,
    ]);
    return rows.length > 0;
  }

  /** Appends one row and moves the head to it (the caller holds lockHead's lock). */
  async append(m: EntityManager, r: StoredRow): Promise<void> {
    await m.query(
      `INSERT INTO admin_audit_chain (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        r.seq,
        r.eventId,
        r.service,
        r.actorId,
        r.action,
        r.target,
        r.details,
        r.ip,
        r.occurredAt,
        r.recordedAt,
        r.prevHash,
        r.hash,
      ],
    );
    if (r.seq === 1) {
      await m.query('INSERT INTO admin_audit_head (id, seq, hash) VALUES (1, $1, $2)', [
        r.seq,
        r.hash,
      ]);
    } else {
      await m.query('UPDATE admin_audit_head SET seq = $1, hash = $2 WHERE id = 1', [
        r.seq,
        r.hash,
      ]);
    }
  }

  /** Newest first. */
  async list(f: AuditFilter, limit: number): Promise<StoredRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.actorId) add('actor_id = ?', f.actorId);
    if (f.action) {
      if (f.action.endsWith('.')) add(`starts_with(action, ?)`, f.action);
      else add('action = ?', f.action);
    }
    if (f.target) add('target = ?', f.target);
    if (f.from) add('occurred_at >= ?', f.from);
    if (f.to) add('occurred_at < ?', f.to);
    if (f.beforeSeq) add('seq < ?', f.beforeSeq);
    params.push(limit);
    const rows = await this.ds.query<RawRow[]>(
      `SELECT ${COLUMNS} FROM admin_audit_chain ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toStored);
  }

  /** Rows after `afterSeq` in chain order (verify walks the chain page by page). */
  async pageAfter(afterSeq: number, limit: number): Promise<StoredRow[]> {
    const rows = await this.ds.query<RawRow[]>(
      `SELECT ${COLUMNS} FROM admin_audit_chain WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toStored);
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const rows = await this.ds.query<Array<{ seq: string; hash: string }>>(
      'SELECT seq, hash FROM admin_audit_head WHERE id = 1',
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }
}
