import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** A model granted to a user; at most one active row per (user, model). */
@Entity({ name: 'user_subscriptions' })
@Index('UQ_user_subscriptions_active', ['telegramId', 'modelId'], {
  unique: true,
  where: '"is_active"',
})
@Index('IDX_user_subscriptions_expiry', ['expiryDate'])
export class UserSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'varchar', length: 50 })
  modelId!: string;

  /** Admin who granted it; 0 for the automatic free grant. */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  grantedBy!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiryDate!: Date | null;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;
}
