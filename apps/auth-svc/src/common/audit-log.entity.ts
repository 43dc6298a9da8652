import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

import { bigintNumber } from './bigint.transformer';

/** Every settings change, security action and admin action (who, on whom, what, from where). */
@Entity({ name: 'audit_log' })
@Index('IDX_audit_log_target_created', ['targetId', 'createdAt'])
export class AuditLogEntity {
  @PrimaryColumn({ type: 'uuid', default: () => 'gen_random_uuid()' })
  id!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  actorId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  targetId!: number;

  /** e.g. settings.update, 2fa.enable, admin.user.ban */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  /** What changed: { field: { old, new } } or action details; never secrets. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  details!: Record<string, unknown>;

  @Column({ type: 'text', default: '' })
  ip!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
