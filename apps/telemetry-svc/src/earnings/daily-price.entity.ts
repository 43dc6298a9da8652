import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The price per GB the ledger credited at on a UTC day (seen in IncomesCredited events). */
@Entity({ name: 'daily_prices' })
export class DailyPriceEntity {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_daily_prices' })
  day!: string;

  @Column({ type: 'bigint' })
  pricePerGbMicroUsd!: string;

  @Column({ type: 'timestamptz' })
  seenAt!: Date;
}
