import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** Per user and UTC day (of `counted_at`): MB and micro-USD credited (mini stats, today/month). */
@Entity({ name: 'user_daily_earnings' })
export class UserDailyEarningEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  milliMb!: number;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  earned!: number;
}
