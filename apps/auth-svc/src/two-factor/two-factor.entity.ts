import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** A user's TOTP secret, AES-256-GCM encrypted; enabled once a first code verified it. */
@Entity({ name: 'two_factor' })
export class TwoFactorEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  /** iv | tag | ciphertext, base64. */
  @Column({ type: 'text' })
  secretEnc!: string;

  @Column({ type: 'boolean', default: false })
  enabled!: boolean;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  lastStep!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  enabledAt!: Date | null;
}
