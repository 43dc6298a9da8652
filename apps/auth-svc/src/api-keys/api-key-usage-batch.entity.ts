import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A relay usage batch already applied (RecordApiKeyUsage is idempotent by batch id). */
@Entity({ name: 'api_key_usage_batches' })
export class ApiKeyUsageBatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  batchId!: string;

  @Column({ type: 'integer' })
  keyCount!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  appliedAt!: Date;
}
