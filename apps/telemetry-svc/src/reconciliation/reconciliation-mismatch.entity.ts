import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A recorded difference beyond tolerance between the client's and the server's count. */
@Entity({ name: 'reconciliation_mismatches' })
@Index('IDX_reconciliation_mismatches_user', ['telegramId', 'detectedAt'])
export class ReconciliationMismatchEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_reconciliation_mismatches' })
  sessionId!: string;

  /** live (first detection while running) | final (at STOP or timeout) */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_reconciliation_mismatches' })
  phase!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'bigint' })
  clientMilliMb!: string;

  @Column({ type: 'bigint' })
  serverMilliMb!: string;

  @Column({ type: 'bigint' })
  missingReports!: string;

  @Column({ type: 'timestamptz' })
  detectedAt!: Date;
}
