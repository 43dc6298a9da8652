import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { usd } from '../common/units';
import { callOptions } from '../common/call-options';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { DailyPriceRoute, PriceHistoryRoute, PricingTodayRoute } from './pricing.contract';
import { dailyPriceJson } from './pricing.presenter';

export const PricingLedger = narrowClient('ledger', ['getDailyPrice', 'getPriceHistory']);

type Req = FastifyRequest & AuthenticatedRequest;

/** The daily price: today's and its history (one row per date; the admin sets it in admin/prices/). */
@Controller()
export class PricingController {
  constructor(@Inject(PricingLedger.token) private readonly ledger: typeof PricingLedger.type) {}

  @Route(DailyPriceRoute)
  async daily(
    _input: RouteInput<typeof DailyPriceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DailyPriceRoute>> {
    const res = await this.ledger.getDailyPrice({ date: '' }, callOptions(request));
    return dailyPriceJson(res.price);
  }

  @Route(PricingTodayRoute)
  async today(
    _input: RouteInput<typeof PricingTodayRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PricingTodayRoute>> {
    const { price } = await this.ledger.getDailyPrice({ date: '' }, callOptions(request));
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
    const res = await this.ledger.getPriceHistory({ days: query.days }, callOptions(request));
    return {
      days: query.days,
      prices: res.prices.map((p) => ({ ...dailyPriceJson(p), set_for_date: p.setForDate })),
    };
  }
}
