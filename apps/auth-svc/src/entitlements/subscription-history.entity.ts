import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import type { UserId } from '@trafficshare/identity';

import { bigintNumber } from '../common/bigint.transformer';

/** Full audit trail of subscription changes: who, when, before and after, why. */
@Entity({ name: 'subscription_history' })
@Index('IDX_subscription_history_user_created', ['telegramId', 'createdAt'])
export class SubscriptionHistoryEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  telegramId!: UserId;

  @Column({ type: 'bigint', transformer: bigintNumber })
  adminId!: number;

  @Column({ type: 'jsonb', nullable: true })
  oldSubscriptions!: string[] | null;

  @Column({ type: 'jsonb' })
  newSubscriptions!: string[];

  @Column({ type: 'text', default: '' })
  reason!: string;

  @Column({ type: 'inet', nullable: true })
  ipAddress!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
