import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { NOTIFY_METRICS } from '../common/notify.metrics';

export interface NewNotification {
  readonly telegramId: UserId;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly data?: Record<string, string>;
  readonly silent?: boolean;
  /** One notification per cause (a redelivered event adds nothing). */
  readonly sourceKey?: string;
  /** Already pushed (an admin push goes out directly): not queued again. */
  readonly pushStatus?: 'sent' | 'failed';
  /** When the event behind it happened (notification lag is measured from it). */
  readonly eventAt?: Date;
}

const INSERT_PAGE = 1_000;

export interface NotificationRow {
  readonly id: string;
  readonly telegram_id: string;
  readonly type: string;
  readonly title: string;
  readonly body: string;
  readonly data: Record<string, string>;
  readonly silent: boolean;
  readonly created_at: Date;
  readonly delivered_at: Date | null;
  readonly opened_at: Date | null;
  readonly read_at: Date | null;
  readonly event_at?: Date | null;
}

/** What became of a queued notification's push (push_off: the owner turned push off). */
export const PUSH_STATUSES = ['sent', 'failed', 'no_device', 'push_off'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export type AckColumn = 'delivered_at' | 'opened_at' | 'read_at';

/** Told of every notification stored, in the storing transaction (e.g. the Telegram copy). */
export type NotificationListener = (
  m: EntityManager,
  added: readonly (NewNotification & { id: string })[],
  now: Date,
) => Promise<void>;

/** notifications_log: a user's notifications and the push queue. Reads take the owner first. */
@Injectable()
export class NotificationsRepository {
  private readonly table: string;
  private readonly listeners: NotificationListener[] = [];

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.table = `"${ctx.schema}"."notifications"`;
  }

  /** Notifications waiting for the push dispatcher, and the oldest one's age (seconds). */
  async pushQueue(): Promise<{ waiting: number; oldestS: number }> {
    const [row]: { waiting: number; oldest_s: number | null }[] = await this.ds.query(
      `SELECT count(*)::int AS waiting, extract(epoch FROM now() - min(created_at))::float AS oldest_s
       FROM ${this.table} WHERE push_status = 'queued'`,
    );
    return { waiting: row.waiting, oldestS: Math.max(0, row.oldest_s ?? 0) };
  }

  onAdded(listener: NotificationListener): void {
    this.listeners.push(listener);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Queues notifications (for push) in the caller's transaction, one statement per 1,000;
   *  returns how many were new (a source key seen before adds nothing). */
  async add(m: EntityManager, rows: readonly NewNotification[], now: Date): Promise<number> {
    return (await this.addReturning(m, rows, now)).length;
  }

  /** As add, resolving with the rows stored. */
  async addReturning(
    m: EntityManager,
    rows: readonly NewNotification[],
    now: Date,
  ): Promise<NotificationRow[]> {
    const added: NotificationRow[] = [];
    const announced: (NewNotification & { id: string })[] = [];
    for (let i = 0; i < rows.length; i += INSERT_PAGE) {
      const page = rows.slice(i, i + INSERT_PAGE);
      const ids = page.map(() => randomUUID());
      const inserted: NotificationRow[] = await m.query(
        `INSERT INTO ${this.table}
           (id, telegram_id, type, title, body, data, silent, source_key, push_status, created_at, event_at)
         SELECT id, telegram_id, type, title, body, data, silent, source_key, push_status, $10, event_at
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[],
           $7::boolean[], $8::text[], $9::text[], $11::timestamptz[])
           AS n(id, telegram_id, type, title, body, data, silent, source_key, push_status, event_at)
         ON CONFLICT (source_key) DO NOTHING
         RETURNING id, telegram_id, type, title, body, data, silent, created_at, delivered_at,
           opened_at, read_at, event_at`,
        [
          ids,
          page.map((n) => n.telegramId),
          page.map((n) => n.type),
          page.map((n) => n.title),
          page.map((n) => n.body),
          page.map((n) => JSON.stringify(n.data ?? {})),
          page.map((n) => n.silent ?? false),
          page.map((n) => n.sourceKey ?? null),
          page.map((n) => n.pushStatus ?? 'queued'),
          now,
          page.map((n) => n.eventAt ?? null),
        ],
      );
      for (const r of inserted) NOTIFY_METRICS.created.inc({ type: r.type });
      added.push(...inserted);
      const stored = new Set(inserted.map((r) => r.id));
      page.forEach((n, k) => {
        if (stored.has(ids[k])) announced.push({ ...n, id: ids[k] });
      });
    }
    for (const listener of this.listeners) await listener(m, announced, now);
    return added;
  }

  /** One notification per source key whose text follows the latest state (a coalesced daily
   *  total): inserted queued, or its title, body and data replaced (pushed once, never again).
   *  Resolves with true when it was new. */
  async upsertCoalesced(m: EntityManager, n: NewNotification, now: Date): Promise<boolean> {
    const id = randomUUID();
    const rows: { created: boolean }[] = await m.query(
      `INSERT INTO ${this.table}
         (id, telegram_id, type, title, body, data, silent, source_key, push_status, created_at, event_at)
       VALUES ($1, $2, $3, $4, $5, $6, false, $7, 'queued', $8, $9)
       ON CONFLICT (source_key) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body,
         data = EXCLUDED.data
       RETURNING (xmax = 0) AS created`,
      [
        id,
        n.telegramId,
        n.type,
        n.title,
        n.body,
        JSON.stringify(n.data ?? {}),
        n.sourceKey,
        now,
        n.eventAt ?? null,
      ],
    );
    const created = rows[0]?.created ?? false;
    if (created) {
      NOTIFY_METRICS.created.inc({ type: n.type });
      for (const listener of this.listeners) await listener(m, [{ ...n, id }], now);
    }
    return created;
  }

  async list(
    owner: UserId,
    limit: number,
    offset: number,
    unreadOnly: boolean,
  ): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
    const rows: NotificationRow[] = await this.ds.query(
      `SELECT id, telegram_id, type, title, body, data, silent, created_at, delivered_at, opened_at, read_at
       FROM ${this.table} WHERE telegram_id = $1 AND NOT silent AND ($2::boolean IS FALSE OR read_at IS NULL)
       ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [owner, unreadOnly, limit, offset],
    );
    const [counts] = await this.ds.query<{ total: number; unread: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM ${this.table} WHERE telegram_id = $1 AND NOT silent AND ($2::boolean IS FALSE OR read_at IS NULL)`,
      [owner, unreadOnly],
    );
    return { rows, total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
  }

  async unread(owner: UserId): Promise<number> {
    const [row] = await this.ds.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM ${this.table}
       WHERE telegram_id = $1 AND NOT silent AND read_at IS NULL`,
      [owner],
    );
    return row?.unread ?? 0;
  }

  /** Sets the column once on the owner's notifications (others' ids match nothing). Reading or
   *  opening implies delivery. */
  async ack(
    owner: UserId,
    ids: readonly string[] | 'all',
    column: AckColumn,
    now: Date,
  ): Promise<number> {
    const implied =
      column === 'read_at' || column === 'opened_at'
        ? `, delivered_at = COALESCE(delivered_at, $2)`
        : '';
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await this.ds.query<[unknown, number]>(
      `UPDATE ${this.table} SET ${column} = $2${implied}
       WHERE telegram_id = $1 AND ${column} IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))`,
      [owner, now, ids === 'all' ? null : ids],
    );
    return affected;
  }

  /** The oldest queued notifications, locked for this dispatcher (others skip them). */
  claimQueued(m: EntityManager, limit: number): Promise<NotificationRow[]> {
    return m.query(
      `SELECT id, telegram_id, type, title, body, data, silent, created_at, delivered_at, opened_at, read_at, event_at
       FROM ${this.table} WHERE push_status = 'queued' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markPushed(
    m: EntityManager,
    outcomes: readonly { id: string; status: PushStatus }[],
    now: Date,
  ): Promise<void> {
    for (const status of PUSH_STATUSES) {
      const ids = outcomes.filter((o) => o.status === status).map((o) => o.id);
      if (ids.length === 0) continue;
      await m.query(
        `UPDATE ${this.table} SET push_status = $1, sent_at = CASE WHEN $1 = 'sent' THEN $2 ELSE sent_at END
         WHERE id = ANY($3::uuid[])`,
        [status, now, ids],
      );
    }
  }
}
