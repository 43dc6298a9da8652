import { Column, Entity, PrimaryColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** A user's activation of a code; the key makes it once per user per code. */
@Entity({ name: 'promo_activations' })
export class PromoActivationEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  promoId!: number;

  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: number;

  @Column({ type: 'varchar', length: 128 })
  transferId!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  base!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  bonus!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  activatedAt!: Date;
}
