import { randomUUID } from 'node:crypto';

import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import { toMicro } from '../../common/units';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { validationFailed } from '../../errors/validation-error';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { AddBalanceRoute, AdjustBalanceRoute, LedgerCheckRoute } from './admin-ledger.contract';
import { adjustedJson, ledgerCheckJson } from './admin-ledger.presenter';

export const AdminLedger = narrowClient('ledger', ['adjustBalance', 'checkLedger']);

type Req = FastifyRequest & AuthenticatedRequest;

const KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** Admin money tools: manual add/adjust (mandatory note, audited) and the ledger's own check. */
@Controller()
export class AdminLedgerController {
  constructor(@Inject(AdminLedger.token) private readonly ledger: typeof AdminLedger.type) {}

  @Route(AdjustBalanceRoute)
  adjust(
    { params, body }: RouteInput<typeof AdjustBalanceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdjustBalanceRoute>> {
    return this.apply(
      params.telegram_id,
      body.amount_usd,
      body.note,
      body.idempotency_key,
      request,
    );
  }

  @Route(AddBalanceRoute)
  add(
    { body }: RouteInput<typeof AddBalanceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AddBalanceRoute>> {
    return this.apply(body.telegram_id, body.amount_usd, body.note, body.idempotency_key, request);
  }

  @Route(LedgerCheckRoute)
  async check(
    _input: RouteInput<typeof LedgerCheckRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof LedgerCheckRoute>> {
    // Recomputing every invariant reads the whole ledger: a longer deadline than a plain call.
    const c = await this.ledger.checkLedger(
      { caller: callerOf(request) },
      callOptions(request, 60_000),
    );
    return ledgerCheckJson(c);
  }

  private async apply(
    telegramId: number,
    amountUsd: number,
    note: string,
    key: string | undefined,
    request: Req,
  ): Promise<RouteReply<typeof AdjustBalanceRoute>> {
    const micro = toMicro(amountUsd);
    if (micro === undefined) {
      throw validationFailed([{ field: 'amount_usd', message: 'at most 6 decimal places' }]);
    }
    // The body's key, else a well-formed Idempotency-Key header, else a fresh one (no retry).
    const header = request.headers['idempotency-key'];
    const idempotency =
      key ?? (typeof header === 'string' && KEY.test(header) ? header : randomUUID());
    const res = await this.ledger.adjustBalance(
      {
        caller: callerOf(request),
        transferId: `adj:${idempotency}`,
        telegramId,
        amountMicroUsd: micro,
        note,
      },
      callOptions(request),
    );
    return adjustedJson(res);
  }
}
