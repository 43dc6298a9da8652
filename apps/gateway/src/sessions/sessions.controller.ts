import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { telemetryNames, type telemetry } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf, subjectOf } from '../common/caller';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import { mb, sessionJson, usd } from '../traffic/session-json';
import {
  ExportQuerySchema,
  FilterBodySchema,
  ListQuerySchema,
  OwnerQuerySchema,
  toBound,
  type ExportQueryDto,
  type FilterBodyDto,
  type ListQueryDto,
  type OwnerQueryDto,
} from './dto/sessions.dto';
import { sessionsCsv } from './sessions-csv';

type Req = FastifyRequest & AuthenticatedRequest;

/** A status filter name ('' or undefined = any) as the proto enum (UNSPECIFIED = any). */
const sessionStatus = (name: string | undefined): telemetry.SessionStatus =>
  (name && telemetryNames.sessionStatus.parse(name)) || 0;
const EXPORT_MAX = 10_000;

@ApiTags('sessions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
@RateLimit({ name: 'sessions', points: 120, windowS: 60, by: 'user' })
@Controller('api/sessions')
export class SessionsController {
  constructor(private readonly clients: ServiceClients) {}

  @Get()
  @ApiOperation({
    summary: 'The caller’s sessions, newest first (admins: any user’s with telegram_id)',
  })
  @ApiZodQuery(ListQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        total: 1,
        limit: 20,
        offset: 0,
        sessions: [
          {
            id: '0b6f…',
            start_time: '2025-11-02T10:00:00.000Z',
            end_time: '2025-11-02T10:30:00.000Z',
            duration: '00:30:00',
            sent_mb: 420.5,
            earned_usd: 0.61,
            status: 'completed',
            ip_address: '185.91.77.3',
            location: 'DE',
            device: 'Android',
          },
        ],
      },
    },
  })
  list(
    @ValidQuery(ListQuerySchema) q: ListQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    return this.page(
      request,
      subjectOf(request, q.telegram_id),
      q.from,
      q.to,
      q.status,
      q.limit,
      q.offset,
    );
  }

  @Post('filter')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sessions filtered by date range and status (seed filter_schema)' })
  @ApiZodBody(FilterBodySchema)
  filter(
    @ValidBody(FilterBodySchema) b: FilterBodyDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    return this.page(
      request,
      subjectOf(request, b.telegram_id),
      b.from_date,
      b.to_date,
      b.status,
      b.limit,
      b.offset,
    );
  }

  @Get('active')
  @ApiOperation({ summary: 'Only the running sessions' })
  @ApiZodQuery(OwnerQuerySchema)
  active(
    @ValidQuery(OwnerQuerySchema) q: OwnerQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    return this.page(
      request,
      subjectOf(request, q.telegram_id),
      undefined,
      undefined,
      'active',
      100,
      0,
    );
  }

  @Get('summary')
  @ApiOperation({ summary: 'Today and this week (sessions, MB, $) and the average per session' })
  @ApiZodQuery(OwnerQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        today: { sessions: 2, mb: 840.5, earnings: 1.23 },
        week: { sessions: 9, mb: 4200, earnings: 6.15 },
        average_per_session: 0.68,
        average_mb_per_session: 466.7,
        active_sessions: 1,
      },
    },
  })
  async summary(
    @ValidQuery(OwnerQuerySchema) q: OwnerQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const s = await this.clients.telemetry.getSessionsSummary(
      { caller: callerOf(request), telegramId: subjectOf(request, q.telegram_id) },
      callOptions(request),
    );
    const totals = (t: typeof s.today) => ({
      sessions: t?.sessions ?? 0,
      mb: mb(t?.milliMb ?? 0),
      earnings: usd(t?.earnedMicroUsd),
    });
    return {
      status: 'success',
      today: totals(s.today),
      week: totals(s.week),
      average_per_session: usd(s.averageMicroUsdPerSession),
      average_mb_per_session: mb(s.averageMilliMbPerSession),
      active_sessions: s.activeSessions,
    };
  }

  @Get('export')
  @RateLimit({ name: 'sessions_export', points: 10, windowS: 60, by: 'user' })
  @ApiOperation({ summary: 'CSV of the caller’s own sessions: date, duration, MB, $, IP, status' })
  @ApiZodQuery(ExportQuerySchema)
  @ApiProduces('text/csv')
  async export(
    @ValidQuery(ExportQuerySchema) q: ExportQueryDto,
    @Req() request: Req,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // Always the caller's own sessions (seed: export is based on the token owner's data).
    const res = await this.clients.telemetry.listSessions(
      {
        caller: callerOf(request),
        telegramId: 0,
        from: toBound(q.from, false),
        to: toBound(q.to, true),
        status: sessionStatus(q.status),
        limit: EXPORT_MAX,
        offset: 0,
      },
      callOptions(request, 30_000),
    );
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header(
      'content-disposition',
      `attachment; filename="sessions-${request.user.sub}.csv"`,
    );
    return sessionsCsv(res.sessions);
  }

  @Post('review/:id')
  @HttpCode(200)
  @RateLimit({ name: 'sessions_review', points: 20, windowS: 60, by: 'user' })
  @ApiOperation({
    summary: 'Quality score 0–100 of a session (interruptions, MB per time, speed stability)',
  })
  @ApiZodQuery(OwnerQuerySchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        session_id: '0b6f…',
        quality_score: 87,
        interruptions: 0,
        missing_reports: 1,
        mb_per_minute: 24.2,
        speed_stability: 0.91,
      },
    },
  })
  @ApiNotFoundResponse({ description: '`session_not_found`' })
  async review(
    @Param('id') id: string,
    @ValidQuery(OwnerQuerySchema) q: OwnerQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const r = await this.clients.telemetry.reviewSession(
      { caller: callerOf(request), telegramId: subjectOf(request, q.telegram_id), sessionId: id },
      callOptions(request),
    );
    return {
      status: 'success',
      session_id: r.sessionId,
      quality_score: r.qualityScore,
      interruptions: r.interruptions,
      missing_reports: r.missingReports,
      mb_per_minute: mb(r.milliMbPerMinute),
      speed_stability: r.speedStability,
      reviewed_at: r.reviewedAt,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session in detail' })
  @ApiZodQuery(OwnerQuerySchema)
  @ApiNotFoundResponse({ description: '`session_not_found` (also someone else’s session)' })
  async detail(
    @Param('id') id: string,
    @ValidQuery(OwnerQuerySchema) q: OwnerQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.getSession(
      { caller: callerOf(request), telegramId: subjectOf(request, q.telegram_id), sessionId: id },
      callOptions(request),
    );
    return { status: 'success', session: sessionJson(res.session!) };
  }

  private async page(
    request: Req,
    owner: UserId,
    from: string | undefined,
    to: string | undefined,
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.listSessions(
      {
        caller: callerOf(request),
        telegramId: owner,
        from: toBound(from, false),
        to: toBound(to, true),
        status: sessionStatus(status),
        limit,
        offset,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      total: res.total,
      limit,
      offset,
      sessions: res.sessions.map(sessionJson),
    };
  }
}
