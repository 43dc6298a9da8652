import { Inject, Injectable } from '@nestjs/common';

import { ledgerNames, type ledger } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { AccountsRepository } from '../accounts/accounts.repository';
import { addDays, utcDay } from '../common/dates';
import { LedgerTransactions } from '../common/ledger-transactions';
import { page } from '../common/page';
import type { AppConfig } from '../config';
import { balanceProto, transferProto } from '../transfers/transfer.presenter';
import { TransfersRepository } from '../transfers/transfers.repository';
import { BalanceRepository, type HistoryRow } from './balance.repository';

const REASONS: Record<string, (r: HistoryRow) => string> = {
  income: (r) => r.note || 'Traffic income',
  bonus: (r) => r.note || 'Promo bonus',
  adjustment: (r) => `Admin adjustment: ${r.note}`,
  withdraw: (r) => `Withdrawal hold${r.reference ? ` (${r.reference})` : ''}`,
  refund: (r) => `Withdrawal refunded${r.reference ? ` (${r.reference})` : ''}`,
};

/** One user's money as they (or an admin) read it; every method takes the owner first. */
@Injectable()
export class BalanceService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tx: LedgerTransactions,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
    private readonly balances: BalanceRepository,
  ) {}

  async balance(owner: UserId): Promise<ledger.Balance> {
    return balanceProto(owner, await this.accounts.balance(owner));
  }

  async summary(
    owner: UserId,
    recentLimit: number,
    now = new Date(),
  ): Promise<ledger.GetBalanceSummaryResponse> {
    const today = utcDay(now);
    const recent = Math.min(Math.max(recentLimit, 0), 50);
    const {
      balance,
      earnings,
      recent: transactions,
      lastRefresh: lastRefreshed,
    } = await this.balances.summary(
      owner,
      { today, weekFrom: addDays(today, -6), monthFrom: `${today.slice(0, 7)}-01` },
      recent,
    );
    return {
      balance: balanceProto(owner, balance),
      stats: {
        todayMicroUsd: earnings.today,
        weekMicroUsd: earnings.week,
        monthMicroUsd: earnings.month,
        avg7MicroUsd: Math.floor(earnings.week / 7),
        todayMilliMb: earnings.todayMilliMb,
        weekMilliMb: earnings.weekMilliMb,
        totalMilliMb: earnings.totalMilliMb,
      },
      recent: transactions.map(transferProto),
      lastRefreshed: (lastRefreshed ?? balance.updatedAt)?.toISOString() ?? '',
      usdToUsdtRate: this.config.USD_TO_USDT_RATE,
      usdToUzsRate: this.config.USD_TO_UZS_RATE,
    };
  }

  /** Records the balance seen now (a write: it runs as a ledger transaction). */
  refresh(owner: UserId): Promise<ledger.RefreshBalanceResponse> {
    return this.tx.run(async ({ manager }) => {
      const balance = await this.accounts.balance(owner, manager);
      const { previous, at } = await this.balances.recordRefresh(manager, owner, balance.available);
      return {
        balance: balanceProto(owner, balance),
        deltaMicroUsd: previous === null ? 0 : balance.available - previous,
        lastRefreshed: at.toISOString(),
      };
    });
  }

  async transactions(
    owner: UserId,
    limit: number,
    offset: number,
  ): Promise<ledger.ListTransactionsResponse> {
    const p = page(limit, offset);
    const [rows, total] = await Promise.all([
      this.transfers.listForUser(owner, p),
      this.transfers.countForUser(owner),
    ]);
    return { transactions: rows.map(transferProto), total };
  }

  async history(
    owner: UserId,
    limit: number,
    offset: number,
  ): Promise<ledger.GetBalanceHistoryResponse> {
    const { rows, total } = await this.balances.history(owner, page(limit, offset));
    return {
      changes: rows.map((r) => ({
        transferId: r.transferId,
        kind: ledgerNames.transferKind.toProto(r.kind),
        reason: (REASONS[r.kind] ?? ((x: HistoryRow) => x.note || x.kind))(r),
        deltaMicroUsd: r.amount,
        balanceBeforeMicroUsd: r.balanceAfter - r.amount,
        balanceAfterMicroUsd: r.balanceAfter,
        createdAt: r.createdAt.toISOString(),
      })),
      total,
    };
  }
}
