import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf, subjectOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import {
  BalanceHistoryRoute,
  BalanceRoute,
  RefreshBalanceRoute,
  TransactionsRoute,
} from './balance.contract';
import {
  balanceChangeJson,
  balanceJson,
  refreshedJson,
  transactionJson,
} from './balance.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const BalanceLedger = narrowClient('ledger', [
  'getBalanceSummary',
  'refreshBalance',
  'listTransactions',
  'getBalanceHistory',
]);

/** The balance page: balance, refresh, transactions and the history of every change. */
@Controller()
export class BalanceController {
  constructor(@Inject(BalanceLedger.token) private readonly ledger: typeof BalanceLedger.type) {}

  @Route(BalanceRoute)
  async balance(
    { params }: RouteInput<typeof BalanceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof BalanceRoute>> {
    const telegramId = subjectOf(request, params.telegram_id);
    const s = await this.ledger.getBalanceSummary(
      { caller: callerOf(request), telegramId, recentLimit: 10 },
      callOptions(request),
    );
    return balanceJson(telegramId, s);
  }

  @Route(RefreshBalanceRoute)
  async refresh(
    { body }: RouteInput<typeof RefreshBalanceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RefreshBalanceRoute>> {
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only refresh your own balance' },
        403,
      );
    }
    const res = await this.ledger.refreshBalance(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return refreshedJson(res);
  }

  @Route(TransactionsRoute)
  async transactions(
    { query }: RouteInput<typeof TransactionsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof TransactionsRoute>> {
    const res = await this.ledger.listTransactions(
      { caller: callerOf(request), telegramId: 0, limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return {
      transactions: res.transactions.map(transactionJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Route(BalanceHistoryRoute)
  async history(
    { query }: RouteInput<typeof BalanceHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof BalanceHistoryRoute>> {
    const res = await this.ledger.getBalanceHistory(
      { caller: callerOf(request), telegramId: 0, limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return {
      history: res.changes.map(balanceChangeJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
