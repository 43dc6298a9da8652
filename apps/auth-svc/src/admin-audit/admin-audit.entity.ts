import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The platform's admin audit trail: every service's admin actions (AdminActionRecorded), one
 * chain. Each row carries the sha256 of the previous row (`prev_hash`) and its own (`hash`,
 * over the canonical encoding in admin-audit.hash.ts); triggers refuse UPDATE, DELETE and
 * TRUNCATE, and VerifyAdminAudit recomputes the chain to catch a change made around them.
 */
@Entity({ name: 'admin_audit_chain' })
@Index('IDX_admin_audit_chain_actor', ['actorId', 'seq'])
@Index('IDX_admin_audit_chain_action', ['action', 'seq'])
@Index('IDX_admin_audit_chain_target', ['target', 'seq'])
@Index('IDX_admin_audit_chain_occurred', ['occurredAt'])
export class AdminAuditEntity {
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', unique: true })
  eventId!: string;

  @Column({ type: 'varchar', length: 64 })
  service!: string;

  @Column({ type: 'bigint' })
  actorId!: string;

  @Column({ type: 'varchar', length: 128 })
  action!: string;

  @Column({ type: 'text', default: '' })
  target!: string;

  /** Canonical JSON (keys sorted): the exact text the hash covers. */
  @Column({ type: 'text', default: '{}' })
  details!: string;

  @Column({ type: 'text', default: '' })
  ip!: string;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/** The chain's last seq and hash: a deleted tail row leaves the head pointing past the end. */
@Entity({ name: 'admin_audit_head' })
export class AdminAuditHeadEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
