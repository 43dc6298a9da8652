import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** The admin's price of one date (one row per date; setting it again updates the row). */
@Entity({ name: 'daily_prices' })
@Check('CHK_daily_prices_positive', 'price_per_gb > 0')
export class DailyPriceEntity {
  /** YYYY-MM-DD (UTC). */
  @PrimaryColumn({ type: 'date' })
  date!: string;

  /** Micro-USD per GB (1 GB = 1024 MB). */
  @Column({ type: 'bigint', transformer: bigintNumber })
  pricePerGb!: number;

  @Column({ type: 'text', default: '' })
  message!: string;

  @Column({ type: 'boolean', default: false })
  push!: boolean;

  @Column({ type: 'bigint', transformer: bigintNumber })
  updatedBy!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
