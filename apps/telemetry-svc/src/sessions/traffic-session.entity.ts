import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One traffic session: START to STOP (or timeout), the
 * authoritative server count and the client's own count for reconciliation. Traffic is kept in
 * thousandths of a MB (int8), speeds in thousandths of a MB per second.
 */
@Entity({ name: 'traffic_sessions' })
// One active session per device: a second START for the device is refused (race-safe).
@Index('UQ_traffic_sessions_active_device', ['deviceId'], {
  unique: true,
  where: `"status" = 'active'`,
})
@Index('IDX_traffic_sessions_user_started', ['telegramId', 'startedAt'])
@Index('IDX_traffic_sessions_closed', ['endedAt', 'id'], { where: `"status" <> 'active'` })
// The admin reports export pages through every session in start order.
@Index('IDX_traffic_sessions_started_id', ['startedAt', 'id'])
export class TrafficSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text' })
  deviceId!: string;

  /** active | completed | failed */
  @Column({ type: 'text', default: 'active' })
  status!: string;

  /** passed | skipped: the START filter ran, or was skipped (admins) */
  @Column({ type: 'text' })
  filterStatus!: string;

  @Column({ type: 'boolean', default: false })
  bypass!: boolean;

  @Column({ type: 'text' })
  userRole!: string;

  @Column({ type: 'text', nullable: true })
  filterDecisionId!: string | null;

  /** The user's own public IP (shown to them in history and CSV); logs only ever mask it. */
  @Column({ type: 'text', default: '' })
  ipAddress!: string;

  @Column({ type: 'text', default: '' })
  clientLocalIp!: string;

  @Column({ type: 'text', default: '' })
  country!: string;

  @Column({ type: 'text', default: '' })
  networkType!: string;

  @Column({ type: 'text', default: '' })
  appVersion!: string;

  @Column({ type: 'text', default: '' })
  os!: string;

  @Column({ type: 'smallint', nullable: true })
  batteryLevel!: number | null;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** Last report or heartbeat (the timeout clock). */
  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastReportAt!: Date | null;

  @Column({ type: 'bigint', default: 0 })
  serverCountedMilliMb!: string;

  @Column({ type: 'bigint', default: 0 })
  reportedMilliMb!: string;

  /** The client's running total at its highest seq (or the value it sent with STOP). */
  @Column({ type: 'bigint', default: 0 })
  localCountedMilliMb!: string;

  @Column({ type: 'integer', default: 0 })
  reportCount!: number;

  @Column({ type: 'bigint', default: 0 })
  maxSeq!: string;

  @Column({ type: 'bigint', default: 0 })
  lastSpeedMilliMbS!: string;

  /** Speed statistics for the quality score (sum and sum of squares, MB/s). */
  @Column({ type: 'double precision', default: 0 })
  speedSum!: number;

  @Column({ type: 'double precision', default: 0 })
  speedSqSum!: number;

  @Column({ type: 'integer', default: 0 })
  interruptions!: number;

  /** ok | mismatch */
  @Column({ type: 'text', default: 'ok' })
  reconciliationStatus!: string;

  @Column({ type: 'bigint', default: 0 })
  mismatchMilliMb!: string;

  /** The relay has counted this session's traffic: from then on its bytes are what is paid,
   *  and the client's reports are only reconciled against them. */
  @Column({ type: 'boolean', default: false })
  relayCounted!: boolean;

  @Column({ type: 'bigint', nullable: true })
  earnedMicroUsd!: string | null;

  @Column({ type: 'smallint', nullable: true })
  qualityScore!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  /** user | timeout */
  @Column({ type: 'text', default: '' })
  stopReason!: string;

  @Column({ type: 'integer', nullable: true })
  durationS!: number | null;
}
