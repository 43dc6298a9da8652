import { Controller, Get, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { ledgerNames } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerInfoOf, callerOf, subjectOf } from '../common/caller';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  PageQuerySchema,
  RefreshSchema,
  type PageQueryDto,
  type RefreshDto,
} from './dto/balance.dto';
import { convert, mb, transactionJson, usd } from './ledger-json';

type Req = FastifyRequest & AuthenticatedRequest;

const BALANCE_EXAMPLE = {
  status: 'success',
  telegram_id: 5234,
  balance: {
    usd: 12.54,
    usdt_equivalent: 11.286,
    held_usd: 0,
    pending_usd: 0,
    sent_mb: 184.3,
    used_mb: 184.3,
    last_refreshed: '2025-11-02T11:00:00.000Z',
  },
  today_earn: 0.48,
  month_earn: 8.32,
  transactions: [
    {
      id: 'income:…',
      type: 'income',
      amount_usd: 0.02,
      status: 'completed',
      mb: 12.5,
      created_at: '2025-11-02T10:59:50.000Z',
    },
  ],
};

/** The balance page: balance, refresh, transactions and the history of every change. */
@ApiTags('balance')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
@Controller('api')
export class BalanceController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('user/balance')
  @ApiOperation({
    summary: 'The caller’s balance (USD, USDT equivalent, held), earnings and last 10 transactions',
  })
  @ApiOkResponse({ schema: { example: BALANCE_EXAMPLE } })
  balance(@Req() request: Req): Promise<Record<string, unknown>> {
    return this.summary(callerInfoOf(request).telegramId, request);
  }

  @Get('user/balance/:telegram_id')
  @ApiOperation({ summary: 'A user’s balance (self, or any user for an admin)' })
  @ApiOkResponse({ schema: { example: BALANCE_EXAMPLE } })
  @ApiForbiddenResponse({ description: '`forbidden`: another user’s balance' })
  balanceOf(
    @TelegramIdParam() telegramId: UserId,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    subjectOf(request, telegramId);
    return this.summary(telegramId, request);
  }

  @Post('user/refresh_balance')
  @HttpCode(200)
  @RateLimit({ name: 'refresh_balance', points: 1, windowS: 10, by: 'user' })
  @ApiOperation({
    summary:
      'Re-read the balance now; `delta` is the change since the previous refresh (1 per 10 s)',
  })
  @ApiZodBody(RefreshSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        new_balance_usd: 12.54,
        delta: 0.2,
        last_refreshed: '2025-11-02T11:00:00.000Z',
      },
    },
  })
  @ApiTooManyRequestsResponse({ description: '`rate_limited`' })
  async refresh(
    @ValidBody(RefreshSchema) body: RefreshDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only refresh your own balance' },
        403,
      );
    }
    const res = await this.clients.ledger.refreshBalance(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return {
      status: 'success',
      new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
      held_usd: usd(res.balance?.heldMicroUsd ?? 0),
      delta: usd(res.deltaMicroUsd),
      last_refreshed: res.lastRefreshed,
    };
  }

  @Get('transactions')
  @ApiOperation({
    summary:
      'The caller’s transactions, newest first (income | withdraw | refund | bonus | adjustment)',
  })
  @ApiZodQuery(PageQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        transactions: BALANCE_EXAMPLE.transactions,
        total: 1,
        limit: 20,
        offset: 0,
      },
    },
  })
  async transactions(
    @ValidQuery(PageQuerySchema) q: PageQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.listTransactions(
      { caller: callerOf(request), telegramId: 0, limit: q.limit, offset: q.offset },
      callOptions(request),
    );
    return {
      status: 'success',
      transactions: res.transactions.map(transactionJson),
      total: res.total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  @Get('user/balance_history')
  @ApiOperation({
    summary: 'Every change of the caller’s available balance with its reason, newest first',
  })
  @ApiZodQuery(PageQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        history: [
          {
            transfer_id: 'income:…',
            type: 'income',
            reason: 'Traffic income: 12.500 MB, 1 report(s)',
            delta_usd: 0.02,
            previous_balance: 12.52,
            new_balance: 12.54,
            created_at: '2025-11-02T10:59:50.000Z',
          },
        ],
        total: 1,
      },
    },
  })
  async history(
    @ValidQuery(PageQuerySchema) q: PageQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.getBalanceHistory(
      { caller: callerOf(request), telegramId: 0, limit: q.limit, offset: q.offset },
      callOptions(request),
    );
    return {
      status: 'success',
      history: res.changes.map((c) => ({
        transfer_id: c.transferId,
        type: ledgerNames.transferKind.toNameOr(c.kind, ''),
        reason: c.reason,
        delta_usd: usd(c.deltaMicroUsd),
        previous_balance: usd(c.balanceBeforeMicroUsd),
        new_balance: usd(c.balanceAfterMicroUsd),
        created_at: c.createdAt,
      })),
      total: res.total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  private async summary(telegramId: UserId, request: Req): Promise<Record<string, unknown>> {
    const s = await this.clients.ledger.getBalanceSummary(
      { caller: callerOf(request), telegramId, recentLimit: 10 },
      callOptions(request),
    );
    const available = s.balance?.availableMicroUsd ?? 0;
    const held = s.balance?.heldMicroUsd ?? 0;
    // The ledger sees only counted MB, and pays all of them: sent and used are the MB credited.
    const credited = mb(s.stats?.totalMilliMb ?? 0);
    return {
      status: 'success',
      telegram_id: telegramId,
      balance: {
        usd: usd(available),
        usdt_equivalent: usd(convert(available, s.usdToUsdtRate)),
        held_usd: usd(held),
        pending_usd: usd(held),
        sent_mb: credited,
        used_mb: credited,
        last_refreshed: s.lastRefreshed || null,
      },
      today_earn: usd(s.stats?.todayMicroUsd ?? 0),
      month_earn: usd(s.stats?.monthMicroUsd ?? 0),
      transactions: s.recent.map(transactionJson),
    };
  }
}
