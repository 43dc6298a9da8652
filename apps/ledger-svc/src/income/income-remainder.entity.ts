import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/**
 * The part of a user's earnings below one micro-USD not credited yet, as a numerator over
 * 1,024,000 (milli_mb × micro-USD/GB ÷ 1,024,000 = micro-USD). Credits round down and carry
 * this remainder, so rounding never creates money and loses less than one micro-USD per user.
 */
@Entity({ name: 'income_remainders' })
@Check('CHK_income_remainders_range', 'remainder >= 0 AND remainder < 1024000')
export class IncomeRemainderEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  remainder!: number;
}
