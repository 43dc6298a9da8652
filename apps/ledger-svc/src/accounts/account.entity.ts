import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { bigintNumber } from '../common/bigint.transformer';

/** What an account is for. User accounts belong to one telegram id and never go below zero. */
export type AccountKind =
  | 'user_available'
  | 'user_held'
  | 'traffic_expense'
  | 'promo_expense'
  | 'referral_expense'
  | 'payout_clearing'
  | 'manual_adjustment';

export const PLATFORM_ACCOUNTS = [
  'traffic_expense',
  'promo_expense',
  'referral_expense',
  'payout_clearing',
  'manual_adjustment',
] as const;
export type PlatformAccountKind = (typeof PLATFORM_ACCOUNTS)[number];

/**
 * One ledger account. `balance` = credits − debits in micro-USD; it changes only through the
 * `apply_transfer` trigger on transfers (never by application code), so the sum over all
 * accounts stays zero. User accounts carry a CHECK that keeps them at or above zero.
 */
@Entity({ name: 'accounts' })
@Index('UQ_accounts_code', ['code'], { unique: true })
// The admin totals: platform accounts and non-zero held balances, without scanning every user.
@Index('IDX_accounts_platform', ['id'], { where: 'telegram_id IS NULL' })
@Index('IDX_accounts_held_nonzero', ['id'], { where: "kind = 'user_held' AND balance <> 0" })
@Index('UQ_accounts_user_kind', ['telegramId', 'kind'], {
  unique: true,
  where: 'telegram_id IS NOT NULL',
})
@Check(
  'CHK_accounts_user_non_negative',
  `kind NOT IN ('user_available', 'user_held') OR balance >= 0`,
)
@Check(
  'CHK_accounts_user_owner',
  `(kind IN ('user_available', 'user_held')) = (telegram_id IS NOT NULL)`,
)
export class AccountEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** user:<telegram_id>:available | user:<id>:held | platform:<kind> */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: AccountKind;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  telegramId!: number | null;

  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  balance!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
