import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A payout the provider is processing (from PayoutProcessing until PayoutCompleted/Failed):
 *  one still open after PAYOUT_STUCK_AFTER_MIN is reported to the admin chat once. */
@Entity({ name: 'payout_watch' })
@Index('IDX_payout_watch_open', ['finishedAt', 'processingSince'])
export class PayoutWatchEntity {
  @PrimaryColumn({ type: 'text' })
  withdrawId!: string;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'text' })
  amountUsdt!: string;

  @Column({ type: 'timestamptz', nullable: true })
  processingSince!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  alertedAt!: Date | null;
}

/** START filter decisions per UTC minute (from FilterDecided): the spike check's window. */
@Entity({ name: 'filter_minutes' })
export class FilterMinuteEntity {
  @PrimaryColumn({ type: 'timestamptz' })
  minute!: Date;

  @Column({ type: 'int', default: 0 })
  decisions!: number;

  @Column({ type: 'int', default: 0 })
  denied!: number;
}
