import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An admin's announcement (news feed). Visible from visible_at (publish_at, else created_at). */
@Entity({ name: 'announcements' })
@Index('IDX_announcements_visible', ['visibleAt'])
export class AnnouncementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', default: '' })
  imageUrl!: string;

  @Column({ type: 'text', default: '' })
  link!: string;

  /** Tell every user with system updates on when it becomes visible. */
  @Column({ type: 'boolean', default: false })
  push!: boolean;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  /** Scheduled visibility; null = visible from created_at. */
  @Column({ type: 'timestamptz', nullable: true })
  publishAt!: Date | null;

  @Column({ type: 'timestamptz' })
  visibleAt!: Date;

  /** When the publisher handled it (AnnouncementPublished when push); null while pending. */
  @Index('IDX_announcements_unpublished', { where: '"published_at" IS NULL' })
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'bigint' })
  createdBy!: string;
}
