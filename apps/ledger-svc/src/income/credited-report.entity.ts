import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/**
 * One traffic report that was credited, keyed (session_id, seq) like telemetry's reports: a
 * report can never be credited twice, whichever path (event, redelivery, reconciliation) sees
 * it. `transfer_id` is the income transfer that carried it (null when its value was under one
 * micro-USD and stayed in the user's remainder, credited by a later transfer).
 */
@Entity({ name: 'credited_reports' })
@Index('IDX_credited_reports_transfer', ['transferId'])
export class CreditedReportEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sessionId!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  seq!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  milliMb!: number;

  /** Micro-USD per GB in force when the MB were counted. */
  @Column({ type: 'bigint', transformer: bigintNumber })
  pricePerGb!: number;

  @Column({ type: 'timestamptz' })
  countedAt!: Date;

  @Column({ type: 'varchar', length: 128, nullable: true })
  transferId!: string | null;

  /** event | reconciliation */
  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  creditedAt!: Date;
}
