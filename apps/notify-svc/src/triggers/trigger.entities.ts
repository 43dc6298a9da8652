import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user's credited earnings per UTC day, summed from IncomesCredited (earnings reports). */
@Entity({ name: 'earnings_days' })
@Index('IDX_earnings_days_day', ['day'])
export class EarningsDayEntity {
  @PrimaryColumn({ type: 'bigint' })
  telegramId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'bigint', default: 0 })
  amountMicroUsd!: string;

  @Column({ type: 'bigint', default: 0 })
  milliMb!: string;
}

/** A user's referral credits per UTC day, summed from ReferralRewarded (one notification a day). */
@Entity({ name: 'referral_days' })
export class ReferralDayEntity {
  @PrimaryColumn({ type: 'bigint' })
  telegramId!: string;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'bigint', default: 0 })
  amountMicroUsd!: string;
}

/** An earnings report period whose notifications were all queued (daily / weekly / monthly). */
@Entity({ name: 'report_runs' })
export class ReportRunEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: string;

  /** 2026-12-03 (daily), 2026-11-30 (the Monday of a weekly), 2026-11 (monthly). */
  @PrimaryColumn({ type: 'text' })
  period!: string;

  @Column({ type: 'int' })
  recipients!: number;

  @Column({ type: 'timestamptz' })
  completedAt!: Date;
}

/** A running sharing session as telemetry's events describe it (silent session summaries). */
@Entity({ name: 'live_sessions' })
@Index('IDX_live_sessions_due', ['summarizedAt'], { where: '"stopped_at" IS NULL' })
export class LiveSessionEntity {
  @PrimaryColumn({ type: 'text' })
  sessionId!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'bigint', default: 0 })
  totalMilliMb!: string;

  /** The total at the last summary. */
  @Column({ type: 'bigint', default: 0 })
  summarizedMilliMb!: string;

  @Column({ type: 'timestamptz' })
  summarizedAt!: Date;

  @Column({ type: 'int', default: 0 })
  summaries!: number;

  @Column({ type: 'timestamptz', nullable: true })
  stoppedAt!: Date | null;
}
