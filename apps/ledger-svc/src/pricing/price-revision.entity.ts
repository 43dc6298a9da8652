import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/**
 * Append-only history of price settings, used for pricing MB. A revision of date D takes
 * effect at max(D 00:00 UTC, the moment it was written): editing a past or current day never
 * reprices MB counted before the edit.
 */
@Entity({ name: 'price_revisions' })
@Index('IDX_price_revisions_date', ['date', 'effectiveAt'])
export class PriceRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  pricePerGb!: number;

  @Column({ type: 'timestamptz' })
  effectiveAt!: Date;

  @Column({ type: 'bigint', transformer: bigintNumber })
  createdBy!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
