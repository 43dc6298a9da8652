import { Controller, Get, Param, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { telemetryNames, type telemetry } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf, parseTelegramId, subjectOf } from '../common/caller';
import { ApiZodQuery, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { toBound } from '../sessions/dto/sessions.dto';
import { mb, usd } from '../traffic/session-json';
import {
  RatesQuerySchema,
  StatsQuerySchema,
  SummaryQuerySchema,
  type RatesQueryDto,
  type StatsQueryDto,
  type SummaryQueryDto,
} from './dto/stats.dto';

type Req = FastifyRequest & AuthenticatedRequest;

function pointJson(p: telemetry.StatsPoint | undefined): Record<string, unknown> {
  return {
    date: p?.periodStart ?? null,
    sessions: p?.sessions ?? 0,
    reports: p?.reportCount ?? 0,
    sent_mb: mb(p?.sentMilliMb ?? 0),
    sold_mb: mb(p?.soldMilliMb ?? 0),
    profit_usd: usd(p?.profitMicroUsd ?? 0),
    price_per_gb: usd(p?.averagePricePerGbMicroUsd ?? 0),
    price_per_mb: p ? p.averagePricePerGbMicroUsd / 1024 / 1_000_000 : 0,
  };
}

/** `:telegram_id` of the seed's `/api/stats/daily/<telegram_id>` form, if present. */
function pathOwner(request: Req, raw: string | undefined, query: number | undefined): number {
  if (raw === undefined) return subjectOf(request, query);
  const id = parseTelegramId(raw);
  return subjectOf(request, id ?? -1);
}

@ApiTags('stats')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
// Seed: stats are cheap rollups but rate limited; 20 per 30 s per user lets a chart page load.
@RateLimit({ name: 'stats', points: 20, windowS: 30, by: 'user' })
@Controller('api/stats')
export class StatsController {
  constructor(private readonly clients: ServiceClients) {}

  @Get(['daily', 'daily/:telegram_id'])
  @ApiOperation({
    summary: 'Per-day rollup (default last 30 days): sent MB, sold MB, profit, average price',
  })
  @ApiParam({ name: 'telegram_id', required: false })
  @ApiZodQuery(StatsQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        period: 'daily',
        points: [
          {
            date: '2025-11-02',
            sessions: 3,
            sent_mb: 184.3,
            sold_mb: 139.8,
            profit_usd: 0.48,
            price_per_gb: 1.5,
          },
        ],
      },
    },
  })
  daily(
    @ValidQuery(StatsQuerySchema) q: StatsQueryDto,
    @Req() request: Req,
    @Param('telegram_id') id?: string,
  ): Promise<Record<string, unknown>> {
    return this.series('daily', q, request, id);
  }

  @Get(['weekly', 'weekly/:telegram_id'])
  @ApiOperation({ summary: 'Per-ISO-week rollup (default last 12 weeks)' })
  @ApiParam({ name: 'telegram_id', required: false })
  @ApiZodQuery(StatsQuerySchema)
  weekly(
    @ValidQuery(StatsQuerySchema) q: StatsQueryDto,
    @Req() request: Req,
    @Param('telegram_id') id?: string,
  ): Promise<Record<string, unknown>> {
    return this.series('weekly', q, request, id);
  }

  @Get(['monthly', 'monthly/:telegram_id'])
  @ApiOperation({ summary: 'Per-month rollup (default last 12 months)' })
  @ApiParam({ name: 'telegram_id', required: false })
  @ApiZodQuery(StatsQuerySchema)
  monthly(
    @ValidQuery(StatsQuerySchema) q: StatsQueryDto,
    @Req() request: Req,
    @Param('telegram_id') id?: string,
  ): Promise<Record<string, unknown>> {
    return this.series('monthly', q, request, id);
  }

  @Get('rates')
  @ApiOperation({ summary: 'Price per GB / MB by day as the ledger credited it' })
  @ApiZodQuery(RatesQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        rates: [{ date: '2025-11-02', price_per_gb: 1.5, price_per_mb: 0.00146484 }],
      },
    },
  })
  async rates(
    @ValidQuery(RatesQuerySchema) q: RatesQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.getRates({ days: q.days }, callOptions(request));
    return {
      status: 'success',
      current: res.rates[0]
        ? { date: res.rates[0].date, price_per_gb: usd(res.rates[0].pricePerGbMicroUsd) }
        : null,
      rates: res.rates.map((r) => ({
        date: r.date,
        price_per_gb: usd(r.pricePerGbMicroUsd),
        price_per_mb: r.pricePerGbMicroUsd / 1024 / 1_000_000,
      })),
    };
  }

  @Get(['summary', 'summary/:telegram_id'])
  @ApiOperation({ summary: 'All-time, today, this week and this month totals' })
  @ApiParam({ name: 'telegram_id', required: false })
  @ApiZodQuery(SummaryQuerySchema)
  async summary(
    @ValidQuery(SummaryQuerySchema) q: SummaryQueryDto,
    @Req() request: Req,
    @Param('telegram_id') id?: string,
  ): Promise<Record<string, unknown>> {
    const s = await this.clients.telemetry.getStatsSummary(
      { caller: callerOf(request), telegramId: pathOwner(request, id, q.telegram_id) },
      callOptions(request),
    );
    return {
      status: 'success',
      all_time: pointJson(s.allTime),
      today: pointJson(s.today),
      week: pointJson(s.week),
      month: pointJson(s.month),
      active_sessions: s.activeSessions,
      last_session_at: s.lastSessionAt || null,
    };
  }

  private async series(
    period: string,
    q: StatsQueryDto,
    request: Req,
    id: string | undefined,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.getStats(
      {
        caller: callerOf(request),
        telegramId: pathOwner(request, id, q.telegram_id),
        period: telemetryNames.statsPeriod.parse(period) ?? 0,
        from: toBound(q.from, false),
        to: toBound(q.to, true),
      },
      callOptions(request),
    );
    return {
      status: 'success',
      period: telemetryNames.statsPeriod.toNameOr(res.period, period),
      from: res.from,
      to: res.to,
      points: res.points.map(pointJson),
    };
  }
}
