import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export type TicketStatus = 'new' | 'read' | 'replied' | 'closed';

export interface TicketRow {
  readonly id: string;
  readonly telegram_id: string;
  readonly subject: string;
  readonly message: string;
  readonly attachment_key: string | null;
  readonly attachment_type: string | null;
  readonly attachment_size: number | null;
  readonly attachment_name: string | null;
  readonly status: TicketStatus;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly closed_at: Date | null;
}

export interface ReplyRow {
  readonly id: string;
  readonly ticket_id: string;
  readonly message: string;
  readonly created_at: Date;
}

export interface NewTicket {
  readonly id: string;
  readonly telegramId: number;
  readonly subject: string;
  readonly message: string;
  readonly attachment?: { key: string; type: string; size: number; name: string };
}

const COLUMNS = `id, telegram_id, subject, message, attachment_key, attachment_type, attachment_size,
  attachment_name, status, created_at, updated_at, closed_at`;

/** Support tickets and their replies. User reads take the owner first. */
@Injectable()
export class SupportRepository {
  private readonly tickets: string;
  private readonly replies: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.tickets = `"${ctx.schema}"."support_tickets"`;
    this.replies = `"${ctx.schema}"."support_replies"`;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Serialises one user's requests for the rest of the transaction (the rate limit's check). */
  async lockOwner(m: EntityManager, owner: number): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.tickets}:${owner}`]);
  }

  async lastCreatedAt(m: EntityManager, owner: number): Promise<Date | undefined> {
    const [row] = await m.query<{ created_at: Date }[]>(
      `SELECT created_at FROM ${this.tickets} WHERE telegram_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [owner],
    );
    return row?.created_at;
  }

  async insert(m: EntityManager, t: NewTicket, now: Date): Promise<TicketRow> {
    const [row] = await m.query<TicketRow[]>(
      `INSERT INTO ${this.tickets} (id, telegram_id, subject, message, attachment_key, attachment_type,
         attachment_size, attachment_name, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $9) RETURNING ${COLUMNS}`,
      [
        t.id,
        t.telegramId,
        t.subject,
        t.message,
        t.attachment?.key ?? null,
        t.attachment?.type ?? null,
        t.attachment?.size ?? null,
        t.attachment?.name ?? null,
        now,
      ],
    );
    return row;
  }

  async find(m: EntityManager, id: string, lock = false): Promise<TicketRow | undefined> {
    const [row] = await m.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM ${this.tickets} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async page(
    filter: { owner?: number; status?: TicketStatus },
    limit: number,
    offset: number,
  ): Promise<{ rows: TicketRow[]; total: number }> {
    const where = `($1::bigint IS NULL OR telegram_id = $1) AND ($2::text IS NULL OR status = $2)`;
    const params = [filter.owner ?? null, filter.status ?? null];
    const rows = await this.ds.query<TicketRow[]>(
      `SELECT ${COLUMNS} FROM ${this.tickets} WHERE ${where}
       ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    const [count] = await this.ds.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${this.tickets} WHERE ${where}`,
      params,
    );
    return { rows, total: count?.total ?? 0 };
  }

  async repliesOf(m: EntityManager | undefined, ids: readonly string[]): Promise<ReplyRow[]> {
    if (ids.length === 0) return [];
    return (m ?? this.ds).query(
      `SELECT id, ticket_id, message, created_at FROM ${this.replies}
       WHERE ticket_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [ids],
    );
  }

  async setStatus(
    m: EntityManager,
    id: string,
    status: TicketStatus,
    now: Date,
  ): Promise<TicketRow> {
    const [rows] = await m.query<[TicketRow[], number]>(
      `UPDATE ${this.tickets} SET status = $2, updated_at = $3,
         closed_at = CASE WHEN $2 = 'closed' THEN COALESCE(closed_at, $3) ELSE closed_at END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, status, now],
    );
    return rows[0];
  }

  async addReply(
    m: EntityManager,
    reply: { id: string; ticketId: string; adminId: number; message: string },
    now: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.replies} (id, ticket_id, admin_id, message, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [reply.id, reply.ticketId, reply.adminId, reply.message, now],
    );
  }
}
