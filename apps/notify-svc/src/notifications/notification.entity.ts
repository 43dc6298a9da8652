import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A notification of a user (notifications_log): what was said, and what became of it — queued
 * for push, sent (FCM accepted it for at least one device), delivered, opened and read.
 */
@Entity({ name: 'notifications' })
@Index('IDX_notifications_owner', ['telegramId', 'createdAt'])
@Index('IDX_notifications_push_queue', ['pushStatus', 'createdAt'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  /** income | price | payout | security | support | news | admin */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data!: Record<string, string>;

  /** Data-only (silent) push. */
  @Column({ type: 'boolean', default: false })
  silent!: boolean;

  /** What caused it (e.g. `income:<transfer id>`): one notification per cause. */
  @Index('UQ_notifications_source', { unique: true })
  @Column({ type: 'text', nullable: true })
  sourceKey!: string | null;

  /** queued | sent | failed | no_device | push_off */
  @Column({ type: 'text', default: 'queued' })
  pushStatus!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** When the event behind it happened (notification lag = delivery − this). */
  @Column({ type: 'timestamptz', nullable: true })
  eventAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
