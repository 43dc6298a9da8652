import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A support request (support_requests): status new → read → replied → closed. */
@Entity({ name: 'support_tickets' })
@Index('IDX_support_tickets_owner', ['telegramId', 'createdAt'])
@Index('IDX_support_tickets_status', ['status', 'createdAt'])
export class SupportTicketEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  message!: string;

  /** Storage key of the attachment (never a public URL). */
  @Column({ type: 'text', nullable: true })
  attachmentKey!: string | null;

  /** png | jpeg | webp | pdf, from the file's content. */
  @Column({ type: 'text', nullable: true })
  attachmentType!: string | null;

  @Column({ type: 'int', nullable: true })
  attachmentSize!: number | null;

  @Column({ type: 'text', nullable: true })
  attachmentName!: string | null;

  /** new | read | replied | closed */
  @Column({ type: 'text', default: 'new' })
  status!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}

/** An admin's answer to a ticket (a ticket may get several). */
@Entity({ name: 'support_replies' })
@Index('IDX_support_replies_ticket', ['ticketId', 'createdAt'])
export class SupportReplyEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @Column({ type: 'bigint' })
  adminId!: string;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
