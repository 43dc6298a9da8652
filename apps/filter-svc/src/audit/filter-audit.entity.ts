import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { CheckStep } from '../policy/policy.engine';

/** One filter decision: every check, raw provider answers, decision. */
@Entity({ name: 'filter_audit' })
@Index('IDX_filter_audit_session', ['sessionId'])
@Index('IDX_filter_audit_user_time', ['telegramId', 'createdAt'])
@Index('IDX_filter_audit_created', ['createdAt'])
export class FilterAuditEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text', nullable: true })
  sessionId!: string | null;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text', default: '' })
  deviceId!: string;

  @Column({ type: 'text' })
  userRole!: string;

  /** Full public IP: forensics and support need it; logs only ever show it masked. */
  @Column({ type: 'text', nullable: true })
  clientIp!: string | null;

  @Column({ type: 'text', nullable: true })
  clientLocalIp!: string | null;

  @Column({ type: 'bigint', nullable: true })
  asn!: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country!: string | null;

  @Column({ type: 'text', nullable: true })
  region!: string | null;

  @Column({ type: 'text', nullable: true })
  isp!: string | null;

  @Column({ type: 'boolean', default: false })
  isProxy!: boolean;

  @Column({ type: 'real', nullable: true })
  vpnScore!: number | null;

  @Column({ type: 'text' })
  networkTypeClient!: string;

  @Column({ type: 'text', nullable: true })
  networkTypeAsn!: string | null;

  @Column({ type: 'jsonb' })
  checkSequence!: CheckStep[];

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  providerResponses!: Record<string, unknown>;

  /** allow | deny | pending_admin | skipped */
  @Column({ type: 'text' })
  finalDecision!: string;

  @Column({ type: 'jsonb' })
  reasons!: string[];

  @Column({ type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'text', nullable: true })
  ticketId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  adminOverrideBy!: string | null;

  /** Admin who ran a dry-run check. */
  @Column({ type: 'bigint', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'integer' })
  policyVersion!: number;

  @Column({ type: 'boolean', default: false })
  cacheHit!: boolean;

  @Column({ type: 'text', default: '' })
  appVersion!: string;

  @Column({ type: 'text', default: '' })
  os!: string;

  @Column({ type: 'real' })
  latencyMs!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
