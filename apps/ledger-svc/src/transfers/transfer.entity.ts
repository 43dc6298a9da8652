import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** income | withdraw (a hold) | withdraw_post | refund (a void, or a credit back) | bonus | adjustment | referral */
export type TransferKind =
  'income' | 'withdraw' | 'withdraw_post' | 'refund' | 'bonus' | 'adjustment' | 'referral';
/** Holds start `pending` and are resolved once (posted | voided); every other transfer is `posted`. */
export type TransferStatus = 'pending' | 'posted' | 'voided';

/**
 * A movement of `amount` micro-USD from one account to another, under a client-chosen id.
 * Balanced by construction (one amount, two accounts); the trigger applies it to both
 * balances and writes the two entries. Rows are immutable except a hold's single status change.
 */
@Entity({ name: 'transfers' })
@Index('IDX_transfers_user_created', ['telegramId', 'createdAt'])
@Index('IDX_transfers_created_id', ['createdAt', 'id'])
// Pending withdrawal holds (the admin totals count them without scanning every transfer).
@Index('IDX_transfers_pending_withdraw', ['createdAt'], {
  where: "kind = 'withdraw' AND status = 'pending'",
})
@Index('UQ_transfers_pending', ['pendingId'], { unique: true, where: 'pending_id IS NOT NULL' })
@Check('CHK_transfers_amount_positive', 'amount > 0')
@Check('CHK_transfers_distinct_accounts', 'debit_account_id <> credit_account_id')
@Check('CHK_transfers_status', `status IN ('pending', 'posted', 'voided')`)
export class TransferEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: TransferKind;

  @Column({ type: 'varchar', length: 16 })
  status!: TransferStatus;

  /** The user the transfer concerns (null for platform-only movements). */
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  telegramId!: number | null;

  @Column({ type: 'bigint', transformer: bigintNumber })
  debitAccountId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  creditAccountId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  amount!: number;

  /** The hold this post/void resolves; unique, so a hold is resolved at most once. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  pendingId!: string | null;

  @Column({ type: 'varchar', length: 128, default: '' })
  reference!: string;

  @Column({ type: 'text', default: '' })
  note!: string;

  /** Income: MB credited (thousandths). */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  milliMb!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
