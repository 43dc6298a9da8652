import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { ActivatePromoRoute, PromoListRoute } from './promo.contract';
import { activatedJson, promoJson } from './promo.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const PromoLedger = narrowClient('ledger', ['listPromoCodes', 'activatePromoCode']);

/**
 * Promo codes, the user's side. The bonus is `bonus_percent` of the user's available balance at
 * activation (rounded down to the micro-USD, capped by `max_bonus_usd`), credited by the ledger.
 */
@Controller()
export class PromoController {
  constructor(@Inject(PromoLedger.token) private readonly ledger: typeof PromoLedger.type) {}

  @Route(PromoListRoute)
  async list(
    _input: RouteInput<typeof PromoListRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PromoListRoute>> {
    const res = await this.ledger.listPromoCodes(
      { caller: callerOf(request), includeInactive: false, limit: 100, offset: 0 },
      callOptions(request),
    );
    return { promo: res.promos.map(promoJson) };
  }

  @Route(ActivatePromoRoute)
  async activate(
    { body }: RouteInput<typeof ActivatePromoRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ActivatePromoRoute>> {
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only activate codes for yourself' },
        403,
      );
    }
    const res = await this.ledger.activatePromoCode(
      { caller: callerOf(request), code: body.code },
      callOptions(request),
    );
    return activatedJson(res);
  }
}
