import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { telemetryNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf, parseTelegramId, subjectOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { toBound } from '../sessions/sessions.dto';
import {
  DailyStatsRoute,
  MonthlyStatsRoute,
  RatesRoute,
  StatsSummaryRoute,
  WeeklyStatsRoute,
  type StatsSeriesJson,
} from './stats.contract';
import type { StatsQueryDto } from './stats.dto';
import { ratesJson, seriesJson, summaryJson } from './stats.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const StatsTelemetry = narrowClient('telemetry', [
  'getStats',
  'getStatsSummary',
  'getRates',
]);

/** `:telegram_id` of the older `/api/stats/daily/<telegram_id>` form, if present. */
function pathOwner(request: Req, raw: string | undefined, query: number | undefined): number {
  if (raw === undefined) return subjectOf(request, query);
  const id = parseTelegramId(raw);
  return subjectOf(request, id ?? -1);
}

/** Rollups of the caller's (or, for admins, a user's) traffic and earnings. */
@Controller()
export class StatsController {
  constructor(
    @Inject(StatsTelemetry.token) private readonly telemetry: typeof StatsTelemetry.type,
  ) {}

  @Route(DailyStatsRoute)
  daily(
    { params, query }: RouteInput<typeof DailyStatsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DailyStatsRoute>> {
    return this.series('daily', query, request, params.telegram_id);
  }

  @Route(WeeklyStatsRoute)
  weekly(
    { params, query }: RouteInput<typeof WeeklyStatsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof WeeklyStatsRoute>> {
    return this.series('weekly', query, request, params.telegram_id);
  }

  @Route(MonthlyStatsRoute)
  monthly(
    { params, query }: RouteInput<typeof MonthlyStatsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof MonthlyStatsRoute>> {
    return this.series('monthly', query, request, params.telegram_id);
  }

  @Route(RatesRoute)
  async rates(
    { query }: RouteInput<typeof RatesRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RatesRoute>> {
    return ratesJson(await this.telemetry.getRates({ days: query.days }, callOptions(request)));
  }

  @Route(StatsSummaryRoute)
  async summary(
    { params, query }: RouteInput<typeof StatsSummaryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof StatsSummaryRoute>> {
    const s = await this.telemetry.getStatsSummary(
      {
        caller: callerOf(request),
        telegramId: pathOwner(request, params.telegram_id, query.telegram_id),
      },
      callOptions(request),
    );
    return summaryJson(s);
  }

  private async series(
    period: 'daily' | 'weekly' | 'monthly',
    q: StatsQueryDto,
    request: Req,
    id: string | undefined,
  ): Promise<StatsSeriesJson> {
    const res = await this.telemetry.getStats(
      {
        caller: callerOf(request),
        telegramId: pathOwner(request, id, q.telegram_id),
        period: telemetryNames.statsPeriod.toProto(period),
        from: toBound(q.from, false),
        to: toBound(q.to, true),
      },
      callOptions(request),
    );
    return seriesJson(res, period);
  }
}
