import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A pending_admin ticket: a START waiting for an admin to approve or reject it. */
@Entity({ name: 'filter_review' })
@Index('IDX_filter_review_status_created', ['status', 'createdAt'])
@Index('IDX_filter_review_user', ['telegramId'])
export class FilterReviewEntity {
  /** ra_… */
  @PrimaryColumn({ type: 'text' })
  ticketId!: string;

  /** pending | approved | rejected */
  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text', default: '' })
  deviceId!: string;

  @Column({ type: 'text', nullable: true })
  sessionId!: string | null;

  /** filter_audit row of the decision under review. */
  @Column({ type: 'uuid' })
  decisionId!: string;

  @Column({ type: 'text' })
  clientIp!: string;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country!: string | null;

  @Column({ type: 'bigint', nullable: true })
  asn!: string | null;

  @Column({ type: 'text', nullable: true })
  isp!: string | null;

  @Column({ type: 'real' })
  vpnScore!: number;

  @Column({ type: 'jsonb' })
  reasons!: string[];

  @Column({ type: 'text' })
  networkTypeClient!: string;

  @Column({ type: 'text' })
  networkTypeAsn!: string;

  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ type: 'bigint', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
