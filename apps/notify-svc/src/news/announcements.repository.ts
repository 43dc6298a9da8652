import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export interface AnnouncementRow {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly image_url: string;
  readonly link: string;
  readonly push: boolean;
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly publish_at: Date | null;
  readonly visible_at: Date;
  readonly published_at: Date | null;
  readonly created_by: string;
}

export interface NewAnnouncement {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly imageUrl: string;
  readonly link: string;
  readonly push: boolean;
  readonly publishAt: Date | null;
  readonly createdBy: number;
}

export interface AnnouncementPatch {
  readonly title?: string;
  readonly description?: string;
  readonly imageUrl?: string;
  readonly link?: string;
  /** Only while unpublished; null = now. */
  readonly publishAt?: Date | null;
}

const COLUMNS = `id, title, description, image_url, link, push, created_at, updated_at, publish_at,
  visible_at, published_at, created_by`;

/** The announcements table (news feed). */
@Injectable()
export class AnnouncementsRepository {
  private readonly table: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.table = `"${ctx.schema}"."announcements"`;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insert(m: EntityManager, a: NewAnnouncement, now: Date): Promise<AnnouncementRow> {
    const [row]: AnnouncementRow[] = await m.query(
      `INSERT INTO ${this.table} (id, title, description, image_url, link, push, created_at,
         updated_at, publish_at, visible_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz, $8::timestamptz,
         COALESCE($8::timestamptz, $7::timestamptz), $9) RETURNING ${COLUMNS}`,
      [a.id, a.title, a.description, a.imageUrl, a.link, a.push, now, a.publishAt, a.createdBy],
    );
    return row;
  }

  /** Applies the patch; publish_at only changes while the announcement is unpublished. */
  async update(
    m: EntityManager,
    id: string,
    patch: AnnouncementPatch,
    now: Date,
  ): Promise<AnnouncementRow | undefined> {
    const schedule = patch.publishAt !== undefined;
    const [rows]: [AnnouncementRow[], number] = await m.query(
      `UPDATE ${this.table} SET
         title = COALESCE($2::text, title), description = COALESCE($3::text, description),
         image_url = COALESCE($4::text, image_url), link = COALESCE($5::text, link), updated_at = $6::timestamptz,
         publish_at = CASE WHEN $7::boolean AND published_at IS NULL THEN $8::timestamptz ELSE publish_at END,
         visible_at = CASE WHEN $7::boolean AND published_at IS NULL
           THEN COALESCE($8::timestamptz, $6::timestamptz) ELSE visible_at END
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.title ?? null,
        patch.description ?? null,
        patch.imageUrl ?? null,
        patch.link ?? null,
        now,
        schedule,
        patch.publishAt ?? null,
      ],
    );
    return rows[0];
  }

  async remove(m: EntityManager, id: string): Promise<boolean> {
    const [, affected] = await m.query<[unknown, number]>(
      `DELETE FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return affected > 0;
  }

  /** Every announcement (admin), newest first. */
  async listAll(
    limit: number,
    offset: number,
  ): Promise<{ rows: AnnouncementRow[]; total: number }> {
    const rows: AnnouncementRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${this.table} ORDER BY visible_at DESC, id LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    const [count] = await this.ds.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${this.table}`,
    );
    return { rows, total: count?.total ?? 0 };
  }

  /** Visible announcements, newest first. */
  async listVisible(
    now: Date,
    limit: number,
    offset: number,
  ): Promise<{ rows: AnnouncementRow[]; total: number }> {
    const rows: AnnouncementRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE visible_at <= $1
       ORDER BY visible_at DESC, id LIMIT $2 OFFSET $3`,
      [now, limit, offset],
    );
    const [count] = await this.ds.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM ${this.table} WHERE visible_at <= $1`,
      [now],
    );
    return { rows, total: count?.total ?? 0 };
  }

  /** When the next scheduled announcement becomes visible (bounds how long a cache may live). */
  async nextVisibleAfter(now: Date): Promise<Date | undefined> {
    const [row] = await this.ds.query<{ at: Date | null }[]>(
      `SELECT min(visible_at) AS at FROM ${this.table} WHERE visible_at > $1`,
      [now],
    );
    return row?.at ?? undefined;
  }

  /** Visible, not yet handled by the publisher; locked for this replica (others skip them). */
  claimDue(m: EntityManager, now: Date, limit: number): Promise<AnnouncementRow[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE published_at IS NULL AND visible_at <= $1
       ORDER BY visible_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async markPublished(m: EntityManager, ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await m.query(`UPDATE ${this.table} SET published_at = $2 WHERE id = ANY($1::uuid[])`, [
      ids,
      now,
    ]);
  }
}
