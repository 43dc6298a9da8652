import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { toMicro, usd } from '../balance/ledger-json';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { validationFailed } from '../errors/validation-error';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import {
  DailyPriceRoute,
  PriceHistoryRoute,
  PricingTodayRoute,
  SetDailyPriceRoute,
} from './pricing.contract';
import { dailyPriceJson } from './pricing.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

/** The daily price: today's, its history, and the admin's setting (one row per date). */
@Controller()
export class PricingController {
  constructor(private readonly clients: ServiceClients) {}

  @Route(DailyPriceRoute)
  async daily(
    _input: RouteInput<typeof DailyPriceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DailyPriceRoute>> {
    const res = await this.clients.ledger.getDailyPrice({ date: '' }, callOptions(request));
    return dailyPriceJson(res.price);
  }

  @Route(PricingTodayRoute)
  async today(
    _input: RouteInput<typeof PricingTodayRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PricingTodayRoute>> {
    const { price } = await this.clients.ledger.getDailyPrice({ date: '' }, callOptions(request));
    const perGb = price?.pricePerGbMicroUsd ?? 0;
    return {
      ...dailyPriceJson(price),
      price_per_mb: usd(Math.floor(perGb / 1024)),
      previous_price_per_gb: usd(price?.previousPricePerGbMicroUsd ?? 0),
      set_for_date: price?.setForDate ?? false,
      currency: 'USD',
    };
  }

  @Route(PriceHistoryRoute)
  async history(
    { query }: RouteInput<typeof PriceHistoryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PriceHistoryRoute>> {
    const res = await this.clients.ledger.getPriceHistory(
      { days: query.days },
      callOptions(request),
    );
    return {
      days: query.days,
      prices: res.prices.map((p) => ({ ...dailyPriceJson(p), set_for_date: p.setForDate })),
    };
  }

  @Route(SetDailyPriceRoute)
  async set(
    { body }: RouteInput<typeof SetDailyPriceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SetDailyPriceRoute>> {
    const micro = toMicro(body.price_per_gb);
    if (micro === undefined) {
      throw validationFailed([{ field: 'price_per_gb', message: 'at most 6 decimal places' }]);
    }
    const res = await this.clients.ledger.setDailyPrice(
      {
        caller: callerOf(request),
        date: body.date ?? '',
        pricePerGbMicroUsd: micro,
        message: body.message,
        push: body.push,
      },
      callOptions(request),
    );
    return {
      ...dailyPriceJson(res.price),
      push: body.push,
      updated_at: res.price?.updatedAt ?? '',
    };
  }
}
