import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** The balance a user saw at their last refresh (POST /api/user/refresh_balance shows the delta). */
@Entity({ name: 'balance_refreshes' })
export class BalanceRefreshEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  balance!: number;

  @Column({ type: 'timestamptz' })
  refreshedAt!: Date;
}
