import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Bytes the relay carried through a session's device: the server's own count of that traffic. */
@Entity({ name: 'relayed_traffic' })
@Index('IDX_relayed_traffic_owner', ['telegramId'])
export class RelayedTrafficEntity {
  @PrimaryColumn({ type: 'uuid' })
  sessionId!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'bigint', default: 0 })
  bytesUp!: string;

  @Column({ type: 'bigint', default: 0 })
  bytesDown!: string;

  /** Milli-MB of this traffic already credited to the session (the remainder waits). */
  @Column({ type: 'bigint', default: 0 })
  creditedMilliMb!: string;

  /** Credits written so far (the next one's seq is RELAY_SEQ_BASE + credits + 1). */
  @Column({ type: 'integer', default: 0 })
  credits!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A relay batch already applied (RecordRelayedTraffic is idempotent by batch id). */
@Entity({ name: 'relay_batches' })
export class RelayBatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  batchId!: string;

  @Column({ type: 'timestamptz' })
  appliedAt!: Date;
}
