import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/**
 * One posting: a signed change of one account by one transfer (debit negative, credit
 * positive), with the account's balance after it. Written only by the `apply_transfer`
 * trigger, two per transfer, summing to zero; immutable.
 */
@Entity({ name: 'entries' })
@Index('IDX_entries_account_id', ['accountId', 'id'])
export class EntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 128 })
  transferId!: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  accountId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  balanceAfter!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
