import { Injectable } from '@nestjs/common';

import type { UserId } from '@trafficshare/identity';

import type { PlatformAccountKind } from '../accounts/account.entity';
import { AccountsRepository, type UserBalanceRow } from '../accounts/accounts.repository';
import { LedgerTransactions, type LedgerTx } from '../common/ledger-transactions';
import type { TransferKind } from './transfer.entity';
import {
  isInsufficientBalance,
  TransfersErrorCode,
  TransfersException,
} from './transfers.exception';
import { TransfersRepository, type NewTransfer, type TransferRow } from './transfers.repository';

export interface TransferOutcome {
  readonly transfer: TransferRow;
  /** The id was already applied with the same fields: this is the original. */
  readonly duplicate: boolean;
  readonly balance: UserBalanceRow;
}

export type CreditKind = 'income' | 'bonus' | 'refund' | 'adjustment';

export interface CreditInput {
  readonly transferId: string;
  readonly telegramId: UserId;
  readonly amount: number;
  /** undefined: a kind that cannot be credited (refused with invalid_kind). */
  readonly kind: CreditKind | undefined;
  readonly reference?: string;
  readonly note?: string;
}

export interface HoldInput {
  readonly transferId: string;
  readonly telegramId: UserId;
  readonly amount: number;
  readonly reference?: string;
  readonly note?: string;
}

export interface ResolveInput {
  readonly transferId: string;
  readonly pendingId: string;
  readonly reference?: string;
}

export interface AdjustInput {
  readonly transferId: string;
  readonly telegramId: UserId;
  /** Signed: positive adds, negative deducts. */
  readonly amount: number;
  readonly note: string;
  readonly reference?: string;
}

const TRANSFER_ID = /^[A-Za-z0-9:_.-]{1,128}$/;
/** The platform account a credit of each kind comes from. */
const CREDIT_SOURCE: Record<CreditKind, PlatformAccountKind> = {
  income: 'traffic_expense',
  bonus: 'promo_expense',
  refund: 'payout_clearing',
  adjustment: 'manual_adjustment',
};
// Money amounts stay far below 2^53 micro-USD; this bound also keeps sums exact.
const MAX_AMOUNT = 1_000_000_000 * 1_000_000;

export function assertTransferId(id: string): void {
  if (!TRANSFER_ID.test(id)) {
    throw new TransfersException(
      TransfersErrorCode.InvalidTransferId,
      'transfer_id must be 1-128 characters of A-Z a-z 0-9 : _ . -',
    );
  }
}

export function assertAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    throw new TransfersException(
      TransfersErrorCode.InvalidAmount,
      'amount_micro_usd must be a positive integer',
    );
  }
}

/**
 * Every money movement: holds, posts, voids, credits and adjustments. The public methods run one
 * movement in its own transaction (LedgerTransactions.run); the `...In` methods run inside a
 * movement a caller already opened (a promo activation's credit, an admin adjustment with its
 * audit row). The database applies balances (trigger) and refuses overdrafts, so concurrent
 * calls need no application locks.
 */
@Injectable()
export class TransfersService {
  constructor(
    private readonly tx: LedgerTransactions,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
  ) {}

  hold(input: HoldInput): Promise<TransferOutcome> {
    assertTransferId(input.transferId);
    assertAmount(input.amount);
    return this.tx.run(async ({ manager: m }) => {
      const user = await this.accounts.userAccount(m, input.telegramId);
      return this.applyOne(m, input.telegramId, {
        id: input.transferId,
        kind: 'withdraw',
        status: 'pending',
        telegramId: input.telegramId,
        debitAccountId: user.available,
        creditAccountId: user.held,
        amount: input.amount,
        reference: input.reference,
        note: input.note,
      });
    });
  }

  post(input: ResolveInput): Promise<TransferOutcome> {
    return this.resolve(input, 'posted');
  }

  void(input: ResolveInput): Promise<TransferOutcome> {
    return this.resolve(input, 'voided');
  }

  credit(input: CreditInput): Promise<TransferOutcome> {
    this.checkCredit(input);
    return this.tx.run((t) => this.creditIn(t, input));
  }

  /** A credit inside the caller's movement. */
  async creditIn(t: LedgerTx, input: CreditInput): Promise<TransferOutcome> {
    const kind = this.checkCredit(input);
    const m = t.manager;
    const user = await this.accounts.userAccount(m, input.telegramId);
    return this.applyOne(m, input.telegramId, {
      id: input.transferId,
      kind,
      status: 'posted',
      telegramId: input.telegramId,
      debitAccountId: await this.accounts.platformAccount(m, CREDIT_SOURCE[kind]),
      creditAccountId: user.available,
      amount: input.amount,
      reference: input.reference,
      note: input.note,
    });
  }

  /** Admin (inside the caller's movement): a deduction never takes the balance below zero. */
  async adjustIn(t: LedgerTx, input: AdjustInput): Promise<TransferOutcome> {
    assertTransferId(input.transferId);
    assertAmount(Math.abs(input.amount));
    const m = t.manager;
    const user = await this.accounts.userAccount(m, input.telegramId);
    const platform = await this.accounts.platformAccount(m, 'manual_adjustment');
    return this.applyOne(m, input.telegramId, {
      id: input.transferId,
      kind: 'adjustment',
      status: 'posted',
      telegramId: input.telegramId,
      debitAccountId: input.amount > 0 ? platform : user.available,
      creditAccountId: input.amount > 0 ? user.available : platform,
      amount: Math.abs(input.amount),
      reference: input.reference,
      note: input.note,
    });
  }

  private checkCredit(input: CreditInput): CreditKind {
    assertTransferId(input.transferId);
    assertAmount(input.amount);
    if (!input.kind || !(input.kind in CREDIT_SOURCE))
      throw new TransfersException(
        TransfersErrorCode.InvalidKind,
        'kind must be income, bonus, refund or adjustment',
      );
    return input.kind;
  }

  private resolve(input: ResolveInput, to: 'posted' | 'voided'): Promise<TransferOutcome> {
    assertTransferId(input.transferId);
    assertTransferId(input.pendingId);
    return this.tx.run(async ({ manager: m }) => {
      // The row lock serialises concurrent post/void of one hold.
      const hold = await this.transfers.find(m, input.pendingId, true);
      if (!hold || hold.kind !== 'withdraw' || hold.telegramId === null) {
        throw new TransfersException(
          TransfersErrorCode.PendingNotFound,
          `No hold ${input.pendingId}`,
        );
      }
      const user = await this.accounts.userAccount(m, hold.telegramId);
      const wanted: NewTransfer = {
        id: input.transferId,
        kind: to === 'posted' ? 'withdraw_post' : 'refund',
        status: 'posted',
        telegramId: hold.telegramId,
        debitAccountId: user.held,
        creditAccountId:
          to === 'posted'
            ? await this.accounts.platformAccount(m, 'payout_clearing')
            : user.available,
        amount: hold.amount,
        pendingId: hold.id,
        reference: input.reference,
      };
      const existing = await this.transfers.find(m, input.transferId);
      if (existing) return this.original(m, hold.telegramId, existing, wanted);
      if (hold.status !== 'pending') {
        throw new TransfersException(
          TransfersErrorCode.PendingAlreadyResolved,
          `Hold ${hold.id} is already ${hold.status}`,
          { pending_status: hold.status },
        );
      }
      const outcome = await this.applyOne(m, hold.telegramId, wanted);
      if (!(await this.transfers.resolve(m, hold.id, to))) {
        throw new TransfersException(
          TransfersErrorCode.PendingAlreadyResolved,
          `Hold ${hold.id} is already resolved`,
        );
      }
      return outcome;
    });
  }

  /** Inserts one transfer, or returns the original when its id exists with the same fields. */
  private async applyOne(
    m: LedgerTx['manager'],
    owner: UserId,
    t: NewTransfer,
  ): Promise<TransferOutcome> {
    let inserted: Set<string>;
    try {
      inserted = await this.transfers.insert(m, [t]);
    } catch (err) {
      if (isInsufficientBalance(err)) {
        throw new TransfersException(
          TransfersErrorCode.InsufficientBalance,
          'The available balance does not cover this amount',
        );
      }
      throw err;
    }
    if (!inserted.has(t.id)) {
      const existing = await this.transfers.find(m, t.id);
      if (!existing) throw new Error(`transfer ${t.id} vanished`);
      return this.original(m, owner, existing, t);
    }
    const transfer = await this.transfers.find(m, t.id);
    return {
      transfer: transfer!,
      duplicate: false,
      balance: await this.accounts.balance(owner, m),
    };
  }

  private async original(
    m: LedgerTx['manager'],
    owner: UserId,
    existing: TransferRow,
    wanted: NewTransfer,
  ): Promise<TransferOutcome> {
    const same =
      existing.kind === wanted.kind &&
      existing.telegramId === wanted.telegramId &&
      existing.debitAccountId === wanted.debitAccountId &&
      existing.creditAccountId === wanted.creditAccountId &&
      existing.amount === wanted.amount &&
      existing.pendingId === (wanted.pendingId ?? null) &&
      existing.reference === (wanted.reference ?? '') &&
      existing.note === (wanted.note ?? '');
    if (!same) {
      throw new TransfersException(
        TransfersErrorCode.TransferIdConflict,
        `transfer_id ${wanted.id} was already used for a different transfer`,
      );
    }
    return {
      transfer: existing,
      duplicate: true,
      balance: await this.accounts.balance(owner, m),
    };
  }
}

export type { TransferKind };
