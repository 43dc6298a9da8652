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
import { SetDailyPriceRoute } from './admin-prices.contract';
import { priceSetJson } from './admin-prices.presenter';

export const AdminPricesLedger = narrowClient('ledger', ['setDailyPrice']);

type Req = FastifyRequest & AuthenticatedRequest;

/** The admin's daily price setting (one row per date); the user routes are in pricing/. */
@Controller()
export class AdminPricesController {
  constructor(
    @Inject(AdminPricesLedger.token) private readonly ledger: typeof AdminPricesLedger.type,
  ) {}

  @Route(SetDailyPriceRoute)
  async set(
    { body }: RouteInput<typeof SetDailyPriceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SetDailyPriceRoute>> {
    const micro = toMicro(body.price_per_gb);
    if (micro === undefined) {
      throw validationFailed([{ field: 'price_per_gb', message: 'at most 6 decimal places' }]);
    }
    const res = await this.ledger.setDailyPrice(
      {
        caller: callerOf(request),
        date: body.date ?? '',
        pricePerGbMicroUsd: micro,
        message: body.message,
        push: body.push,
      },
      callOptions(request),
    );
    return priceSetJson(res.price, body.push);
  }
}
