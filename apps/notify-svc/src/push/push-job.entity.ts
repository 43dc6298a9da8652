import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An admin push to a segment (`POST /api/push/send`), sent in the background at the global push
 * rate. `cursor` is the last token sent (segments are paged by token), so a job whose replica
 * stopped is taken over where it was by another (a `running` job not touched for a while).
 */
@Entity({ name: 'push_jobs' })
@Index('IDX_push_jobs_running', ['status', 'updatedAt'])
export class PushJobEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** running | done | failed */
  @Column({ type: 'text', default: 'running' })
  status!: string;

  @Column({ type: 'bigint' })
  createdBy!: string;

  /** The request as sent (title, body, silent, data, segment filter). */
  @Column({ type: 'jsonb' })
  request!: Record<string, unknown>;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ type: 'integer', default: 0 })
  sent!: number;

  @Column({ type: 'integer', default: 0 })
  failed!: number;

  @Column({ type: 'integer', default: 0 })
  deleted!: number;

  @Column({ type: 'text', default: '' })
  cursor!: string;

  /** Users reached so far (telegram_id → any push sent), stored in-app when the job ends. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  reached!: Record<string, boolean>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
