import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Per user and UTC day: what the ledger credited (from the items of IncomesCredited events). */
@Entity({ name: 'user_daily_earnings' })
@Index('IDX_user_daily_earnings_day', ['day'])
export class UserDailyEarningEntity {
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_user_daily_earnings' })
  telegramId!: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_user_daily_earnings' })
  day!: string;

  @Column({ type: 'bigint', default: 0 })
  earnedMicroUsd!: string;

  @Column({ type: 'bigint', default: 0 })
  creditedMilliMb!: string;

  /** Price per GB of the day's latest credit. */
  @Column({ type: 'bigint', default: 0 })
  pricePerGbMicroUsd!: string;
}
