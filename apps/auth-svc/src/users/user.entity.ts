import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import type { RoleName, UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** A Telegram user. The role shown in tokens is computed at login (ADMIN_IDS, admins table). */
@Entity({ name: 'users' })
// The admin reports export pages through every user in creation order.
@Index('IDX_users_created_id', ['createdAt', 'telegramId'])
export class UserEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Index('IDX_users_username')
  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'text', default: '' })
  firstName!: string;

  @Column({ type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ type: 'text', nullable: true })
  photoUrl!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  language!: string;

  @Column({ type: 'varchar', length: 20, default: 'user' })
  role!: RoleName;

  @Column({ type: 'boolean', default: false })
  banned!: boolean;

  @Column({ type: 'text', nullable: true })
  banReason!: string | null;

  /** Bumped on every subscription change (the gateway compares it to skip a lookup). */
  @Column({ type: 'integer', default: 1 })
  subscriptionVersion!: number;

  /** Time of the last login (Telegram's auth_date). */
  @Column({ type: 'timestamptz', nullable: true })
  authDate!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastLoginIp!: string | null;

  @Column({ type: 'text', nullable: true })
  lastLoginDevice!: string | null;

  /** Last logout_all, admin token reset or ban: Telegram payloads signed until then are refused. */
  @Column({ type: 'timestamptz', nullable: true })
  loginsRevokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
