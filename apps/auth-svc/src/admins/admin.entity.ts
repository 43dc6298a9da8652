import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { RoleName, UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

export type AdminRole = Exclude<RoleName, 'user'>;

/** Admins added through the API (ADMIN_IDS superadmins come from the environment). */
@Entity({ name: 'admins' })
export class AdminEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'text', default: '' })
  username!: string;

  @Column({ type: 'text', default: '' })
  phone!: string;

  @Column({ type: 'varchar', length: 20, default: 'moderator' })
  role!: AdminRole;

  @Column({ type: 'bigint', transformer: bigintNumber })
  createdBy!: UserId;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
