import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

@Entity({ name: 'promo_codes' })
@Index('UQ_promo_codes_code', ['code'], { unique: true })
@Check('CHK_promo_codes_bonus', 'bonus_basis_points > 0 AND bonus_basis_points <= 10000')
export class PromoCodeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Upper case, A-Z 0-9 _ -. */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  /** Hundredths of a percent (10% = 1000). */
  @Column({ type: 'int' })
  bonusBasisPoints!: number;

  /** Cap of one activation's bonus in micro-USD (null = none). */
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  maxBonus!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ type: 'bigint', transformer: bigintNumber })
  createdBy!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;
}
