import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** One login: its id is the token's `sid` and names the refresh-token family. */
@Entity({ name: 'login_sessions' })
@Index('IDX_login_sessions_user_created', ['telegramId', 'createdAt'])
export class LoginSessionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'text', default: '' })
  ip!: string;

  @Column({ type: 'text', default: '' })
  userAgent!: string;

  /** Human device name parsed from the user agent ("Android Galaxy S8+", "Windows"). */
  @Column({ type: 'text', default: '' })
  device!: string;

  @Column({ type: 'text', default: '' })
  city!: string;

  @Column({ type: 'varchar', length: 2, default: '' })
  country!: string;

  /** telegram (Login Widget) | webapp (Mini App) | dev (token tool). */
  @Column({ type: 'varchar', length: 16 })
  method!: string;

  /** Token renewals without a TOTP code in a row (2FA users are logged out at 3). */
  @Column({ type: 'integer', default: 0 })
  renewalsWithoutCode!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt!: Date;

  /** End of the refresh-token family's life. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokeReason!: string | null;
}
