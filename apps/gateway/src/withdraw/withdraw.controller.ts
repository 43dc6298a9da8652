import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { rawBodyOf } from '../http/body-parser';
import {
  GetWithdrawRoute,
  ListWithdrawsRoute,
  PayoutWebhookRoute,
  RequestWithdrawRoute,
} from './withdraw.contract';
import { acceptedJson, withdrawJson } from './withdraw.presenter';

export const WithdrawPayout = narrowClient('payout', [
  'requestWithdraw',
  'listWithdraws',
  'getWithdraw',
  'handleProviderWebhook',
]);

type Req = FastifyRequest & AuthenticatedRequest;

const header = (request: FastifyRequest, name: string): string => {
  const v = request.headers[name];
  return typeof v === 'string' ? v : '';
};

/** Withdrawals (USDT BEP20) and the payout provider's webhook. */
@Controller()
export class WithdrawController {
  constructor(@Inject(WithdrawPayout.token) private readonly payout: typeof WithdrawPayout.type) {}

  @Route(RequestWithdrawRoute)
  async request(
    { body }: RouteInput<typeof RequestWithdrawRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RequestWithdrawRoute>> {
    const res = await this.payout.requestWithdraw(
      {
        caller: callerOf(request),
        amountUsd: String(body.amount_usd),
        walletAddress: body.wallet_address,
        network: body.network,
        idempotencyKey: body.idempotency_key ?? header(request, 'idempotency-key'),
        twoFactorCode: body.two_factor_code ?? '',
        telegramId: body.telegram_id ?? 0,
      },
      callOptions(request),
    );
    return acceptedJson(res);
  }

  @Route(ListWithdrawsRoute)
  async list(
    { query }: RouteInput<typeof ListWithdrawsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListWithdrawsRoute>> {
    const res = await this.payout.listWithdraws(
      { caller: callerOf(request), telegramId: 0, limit: query.limit, offset: query.offset },
      callOptions(request),
    );
    return { withdraws: res.withdraws.map(withdrawJson), total: res.total, ...query };
  }

  @Route(GetWithdrawRoute)
  async one(
    { params }: RouteInput<typeof GetWithdrawRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof GetWithdrawRoute>> {
    const res = await this.payout.getWithdraw(
      { caller: callerOf(request), withdrawId: params.id },
      callOptions(request),
    );
    return { withdraw: withdrawJson(res.withdraw) };
  }

  @Route(PayoutWebhookRoute)
  async webhook(
    { params }: RouteInput<typeof PayoutWebhookRoute>,
    @Req() request: FastifyRequest,
  ): Promise<RouteReply<typeof PayoutWebhookRoute>> {
    await this.payout.handleProviderWebhook(
      {
        provider: params.provider,
        rawBody: Buffer.from(rawBodyOf(request) ?? '', 'utf8'),
        signature: header(request, 'x-nowpayments-sig'),
      },
      callOptions(request),
    );
    return { status: 'ok' };
  }
}
