import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export interface NewBotMessage {
  readonly chatId: number;
  readonly audience: 'admin' | 'user';
  readonly text: string;
  readonly file?: { key: string; name: string; kind: 'photo' | 'document' };
  readonly buttons?: readonly { text: string; url: string }[];
  /** One message per cause: a second enqueue with the same key adds nothing. */
  readonly sourceKey: string;
  /** Sent no earlier than this (keeps a file after its text). */
  readonly notBefore?: Date;
}

export interface BotMessageRow {
  readonly id: string;
  readonly chat_id: string;
  readonly audience: 'admin' | 'user';
  readonly text: string;
  readonly file_key: string | null;
  readonly file_name: string | null;
  readonly file_kind: 'photo' | 'document' | null;
  readonly buttons: { text: string; url: string }[];
  readonly attempts: number;
}

export interface BotChatRow {
  readonly telegramId: number;
  readonly startedAt: Date | null;
  readonly blockedAt: Date | null;
  readonly blockedReason: string | null;
  readonly telegramDelivery: boolean;
}

/** The bot's outgoing queue (bot_messages) and what is known of users' chats (bot_chats). */
@Injectable()
export class BotRepository {
  private readonly messages: string;
  private readonly chats: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.messages = `"${ctx.schema}"."bot_messages"`;
    this.chats = `"${ctx.schema}"."bot_chats"`;
  }

  /** Bot messages due now (retries not yet due are not waiting), and how long the oldest has
   *  been due (seconds). */
  async dueQueue(): Promise<{ waiting: number; oldestS: number }> {
    const [row]: { waiting: number; oldest_s: number | null }[] = await this.ds.query(
      `SELECT count(*)::int AS waiting, extract(epoch FROM now() - min(next_attempt_at))::float AS oldest_s
       FROM ${this.messages} WHERE status = 'queued' AND next_attempt_at <= now()`,
    );
    return { waiting: row.waiting, oldestS: Math.max(0, row.oldest_s ?? 0) };
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** Queues messages in the caller's transaction; returns how many were new. */
  async enqueue(m: EntityManager, rows: readonly NewBotMessage[], now: Date): Promise<number> {
    let added = 0;
    for (const r of rows) {
      const inserted: unknown[] = await m.query(
        `INSERT INTO ${this.messages} (id, chat_id, audience, text, file_key, file_name, file_kind,
           buttons, source_key, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10, $11)
         ON CONFLICT (source_key) DO NOTHING RETURNING id`,
        [
          randomUUID(),
          r.chatId,
          r.audience,
          r.text,
          r.file?.key ?? null,
          r.file?.name ?? null,
          r.file?.kind ?? null,
          JSON.stringify(r.buttons ?? []),
          r.sourceKey,
          r.notBefore ?? now,
          now,
        ],
      );
      added += inserted.length;
    }
    return added;
  }

  /** Messages due now, oldest first, locked for this dispatcher (replicas skip them). */
  claimDue(m: EntityManager, limit: number, now: Date): Promise<BotMessageRow[]> {
    return m.query(
      `SELECT id, chat_id, audience, text, file_key, file_name, file_kind, buttons, attempts
       FROM ${this.messages} WHERE status = 'queued' AND next_attempt_at <= $1
       ORDER BY next_attempt_at, created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async settle(
    m: EntityManager,
    id: string,
    outcome:
      | { status: 'sent'; at: Date }
      | { status: 'failed' | 'skipped'; error: string }
      | { status: 'queued'; error: string; next: Date },
  ): Promise<void> {
    if (outcome.status === 'sent') {
      await m.query(
        `UPDATE ${this.messages} SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`,
        [id, outcome.at],
      );
    } else if (outcome.status === 'queued') {
      await m.query(
        `UPDATE ${this.messages} SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1`,
        [id, outcome.next, outcome.error.slice(0, 500)],
      );
    } else {
      await m.query(
        `UPDATE ${this.messages} SET status = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1`,
        [id, outcome.status, outcome.error.slice(0, 500)],
      );
    }
  }

  /** Chats Telegram refuses (blocked the bot, deactivated) among these. */
  async blocked(m: EntityManager, chatIds: readonly number[]): Promise<Set<number>> {
    if (chatIds.length === 0) return new Set();
    const rows: { telegram_id: string }[] = await m.query(
      `SELECT telegram_id FROM ${this.chats} WHERE telegram_id = ANY($1::bigint[]) AND blocked_at IS NOT NULL`,
      [chatIds],
    );
    return new Set(rows.map((r) => Number(r.telegram_id)));
  }

  async markBlocked(m: EntityManager, chatId: number, reason: string, now: Date): Promise<void> {
    await m.query(
      `INSERT INTO ${this.chats} (telegram_id, blocked_at, blocked_reason, updated_at) VALUES ($1, $2, $3, $2)
       ON CONFLICT (telegram_id) DO UPDATE SET blocked_at = COALESCE(${this.chats}.blocked_at, EXCLUDED.blocked_at),
         blocked_reason = EXCLUDED.blocked_reason, updated_at = EXCLUDED.updated_at`,
      [chatId, now, reason.slice(0, 200)],
    );
  }

  /** The user (re)started the bot: Telegram delivers to the chat again. */
  async markStarted(m: EntityManager, chatId: number, now: Date): Promise<void> {
    await m.query(
      `INSERT INTO ${this.chats} (telegram_id, started_at, updated_at) VALUES ($1, $2, $2)
       ON CONFLICT (telegram_id) DO UPDATE SET started_at = EXCLUDED.started_at, blocked_at = NULL,
         blocked_reason = NULL, updated_at = EXCLUDED.updated_at`,
      [chatId, now],
    );
  }

  async setDelivery(owner: number, enabled: boolean, now: Date): Promise<void> {
    await this.ds.query(
      `INSERT INTO ${this.chats} (telegram_id, telegram_delivery, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (telegram_id) DO UPDATE SET telegram_delivery = EXCLUDED.telegram_delivery, updated_at = EXCLUDED.updated_at`,
      [owner, enabled, now],
    );
  }

  async chat(owner: number): Promise<BotChatRow | undefined> {
    const [row] = await this.ds.query<
      {
        started_at: Date | null;
        blocked_at: Date | null;
        blocked_reason: string | null;
        telegram_delivery: boolean;
      }[]
    >(
      `SELECT started_at, blocked_at, blocked_reason, telegram_delivery FROM ${this.chats} WHERE telegram_id = $1`,
      [owner],
    );
    return row
      ? {
          telegramId: owner,
          startedAt: row.started_at,
          blockedAt: row.blocked_at,
          blockedReason: row.blocked_reason,
          telegramDelivery: row.telegram_delivery,
        }
      : undefined;
  }

  /** Of these users, who asked for every notification in Telegram (and has not blocked it). */
  async deliveryOn(m: EntityManager, owners: readonly number[]): Promise<Set<number>> {
    if (owners.length === 0) return new Set();
    const rows: { telegram_id: string }[] = await m.query(
      `SELECT telegram_id FROM ${this.chats} WHERE telegram_id = ANY($1::bigint[])
         AND telegram_delivery AND blocked_at IS NULL`,
      [owners],
    );
    return new Set(rows.map((r) => Number(r.telegram_id)));
  }
}
