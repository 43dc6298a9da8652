import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** Every admin action on money or prices: who, on whom, what, why, from where. */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_target_created', ['targetId', 'createdAt'])
export class LedgerAuditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  actorId!: number;

  /** The user concerned (0 for platform-wide actions such as a price). */
  @Column({ type: 'bigint', transformer: bigintNumber })
  targetId!: number;

  /** balance.adjust | price.set | promo.create | promo.deactivate */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  ip!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
