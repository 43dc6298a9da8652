import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the reconciliation job has checked closed sessions (one row per job name). */
@Entity({ name: 'reconciliation_cursors' })
export class ReconciliationCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'timestamptz' })
  checkedUntil!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
