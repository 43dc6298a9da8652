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
import {
  AdminListPromoRoute,
  CreatePromoRoute,
  DeactivatePromoRoute,
} from './admin-promo.contract';
import { adminPromoJson, promoJson } from './admin-promo.presenter';

export const AdminPromoLedger = narrowClient('ledger', [
  'createPromoCode',
  'listPromoCodes',
  'deactivatePromoCode',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/** Promo codes, the superadmin's side (the user routes are in promo/); ledger-svc checks too. */
@Controller()
export class AdminPromoController {
  constructor(
    @Inject(AdminPromoLedger.token) private readonly ledger: typeof AdminPromoLedger.type,
  ) {}

  @Route(CreatePromoRoute)
  async create(
    { body }: RouteInput<typeof CreatePromoRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof CreatePromoRoute>> {
    // The ledger counts the percentage in basis points and the cap in micro-USD: exact or refused.
    const bp = Math.round(body.bonus_percent * 100);
    const maxBonus = body.max_bonus_usd === undefined ? 0 : toMicro(body.max_bonus_usd);
    if (Math.abs(bp - body.bonus_percent * 100) > 1e-6 || maxBonus === undefined) {
      throw validationFailed([
        { field: 'bonus_percent', message: '2 decimals at most' },
        { field: 'max_bonus_usd', message: '6 at most' },
      ]);
    }
    const res = await this.ledger.createPromoCode(
      {
        caller: callerOf(request),
        code: body.code,
        bonusBasisPoints: bp,
        expiresAt: body.expires_at ? new Date(body.expires_at).toISOString() : '',
        maxBonusMicroUsd: maxBonus,
      },
      callOptions(request),
    );
    return { promo: promoJson(res.promo) };
  }

  @Route(AdminListPromoRoute)
  async list(
    { query }: RouteInput<typeof AdminListPromoRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminListPromoRoute>> {
    const res = await this.ledger.listPromoCodes(
      {
        caller: callerOf(request),
        includeInactive: query.include_inactive === 'true',
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return { promo: res.promos.map(adminPromoJson) };
  }

  @Route(DeactivatePromoRoute)
  async deactivate(
    { params }: RouteInput<typeof DeactivatePromoRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DeactivatePromoRoute>> {
    const res = await this.ledger.deactivatePromoCode(
      { caller: callerOf(request), code: params.code },
      callOptions(request),
    );
    return { promo: promoJson(res.promo) };
  }
}
