import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

import type { PolicyDocument } from './policy.document';

/** One version of the filter policy; the highest version is in force. Rows are never updated. */
@Entity({ name: 'filter_policy' })
export class FilterPolicyEntity {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  document!: PolicyDocument;

  /** Admin telegram id; null for the built-in version 1. */
  @Column({ type: 'bigint', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'text', default: '' })
  note!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
