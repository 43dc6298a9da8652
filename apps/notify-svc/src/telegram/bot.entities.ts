import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user's private chat with the bot (the chat id is the user's telegram_id): whether Telegram
 * still delivers to it, and whether the user asked for their notifications in Telegram too.
 */
@Entity({ name: 'bot_chats' })
export class BotChatEntity {
  @PrimaryColumn({ type: 'bigint' })
  telegramId!: string;

  /** Last /start (or unblock) seen from the user. */
  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** Set when Telegram answered 403 (blocked, deactivated): nothing is sent until a /start. */
  @Column({ type: 'timestamptz', nullable: true })
  blockedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  blockedReason!: string | null;

  /** Every stored notification also goes to the bot (security and support always do). */
  @Column({ type: 'boolean', default: false })
  telegramDelivery!: boolean;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * The bot's outgoing queue: one row per message (admin channel or a user's chat), unique per
 * cause, so a redelivered event sends nothing twice; retried with back-off a bounded number of
 * times.
 */
@Entity({ name: 'bot_messages' })
@Index('IDX_bot_messages_queue', ['status', 'nextAttemptAt'])
export class BotMessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint' })
  chatId!: string;

  /** admin | user */
  @Column({ type: 'text' })
  audience!: string;

  @Column({ type: 'text' })
  text!: string;

  /** Storage key of a file sent with sendPhoto / sendDocument. */
  @Column({ type: 'text', nullable: true })
  fileKey!: string | null;

  @Column({ type: 'text', nullable: true })
  fileName!: string | null;

  /** photo | document */
  @Column({ type: 'text', nullable: true })
  fileKind!: string | null;

  /** URL buttons: [{text, url}]. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  buttons!: { text: string; url: string }[];

  @Index('UQ_bot_messages_source', { unique: true })
  @Column({ type: 'text' })
  sourceKey!: string;

  /** queued | sent | failed | skipped */
  @Column({ type: 'text', default: 'queued' })
  status!: string;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
