import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import type { ledger } from '@trafficshare/contracts';
import { CONFIG, DATA_SOURCE } from '@trafficshare/service-kit';

import { AccountsRepository } from '../accounts/accounts.repository';
import { page, requireTelegramId } from '../common/caller';
import { addDays, utcDay } from '../common/dates';
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

@Injectable()
export class BalanceService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
    private readonly balances: BalanceRepository,
  ) {}

  async balance(telegramId: number): Promise<ledger.Balance> {
    const id = requireTelegramId(telegramId);
    return balanceProto(id, await this.accounts.balance(this.ds.manager, id));
  }

  async summary(
    telegramId: number,
    recentLimit: number,
    now = new Date(),
  ): Promise<ledger.GetBalanceSummaryResponse> {
    const id = requireTelegramId(telegramId);
    const today = utcDay(now);
    const recent = Math.min(Math.max(recentLimit, 0), 50);
    const {
      balance,
      earnings,
      recent: transactions,
      lastRefresh: lastRefreshed,
    } = await this.balances.summary(
      this.ds,
      id,
      { today, weekFrom: addDays(today, -6), monthFrom: `${today.slice(0, 7)}-01` },
      recent,
    );
    return {
      balance: balanceProto(id, balance),
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

  async refresh(telegramId: number): Promise<ledger.RefreshBalanceResponse> {
    const id = requireTelegramId(telegramId);
    return this.ds.transaction(async (m) => {
      const balance = await this.accounts.balance(m, id);
      const { previous, at } = await this.balances.recordRefresh(m, id, balance.available);
      return {
        balance: balanceProto(id, balance),
        deltaMicroUsd: previous === null ? 0 : balance.available - previous,
        lastRefreshed: at.toISOString(),
      };
    });
  }

  async transactions(
    telegramId: number,
    limit: number,
    offset: number,
  ): Promise<ledger.ListTransactionsResponse> {
    const id = requireTelegramId(telegramId);
    const p = page(limit, offset);
    const [rows, total] = await Promise.all([
      this.transfers.listForUser(this.ds.manager, id, p.limit, p.offset),
      this.transfers.countForUser(this.ds.manager, id),
    ]);
    return { transactions: rows.map(transferProto), total };
  }

  async history(
    telegramId: number,
    limit: number,
    offset: number,
  ): Promise<ledger.GetBalanceHistoryResponse> {
    const id = requireTelegramId(telegramId);
    const p = page(limit, offset);
    const { rows, total } = await this.balances.history(this.ds.manager, id, p.limit, p.offset);
    return {
      changes: rows.map((r) => ({
        transferId: r.transferId,
        kind: r.kind,
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
