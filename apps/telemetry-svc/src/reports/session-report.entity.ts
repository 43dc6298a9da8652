import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One accepted device report: volume, speed and metadata only, never
 * content. The primary key (session_id, seq) is what makes reports idempotent.
 */
@Entity({ name: 'session_reports' })
export class SessionReportEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_session_reports' })
  sessionId!: string;

  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_session_reports' })
  seq!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  /** What the client said this report carried, and what the server counted (authoritative). */
  @Column({ type: 'bigint' })
  deltaMilliMb!: string;

  @Column({ type: 'bigint' })
  countedMilliMb!: string;

  @Column({ type: 'bigint' })
  cumulativeMilliMb!: string;

  @Column({ type: 'bigint', default: 0 })
  speedMilliMbS!: string;

  @Column({ type: 'smallint', nullable: true })
  batteryLevel!: number | null;

  @Column({ type: 'text', default: '' })
  networkType!: string;

  @Column({ type: 'timestamptz', nullable: true })
  clientTimestamp!: Date | null;

  @Column({ type: 'timestamptz' })
  countedAt!: Date;
}
