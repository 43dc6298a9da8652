import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { telemetryNames, type telemetry } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf, subjectOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { sessionJson } from '../traffic/traffic.presenter';
import {
  ActiveSessionsRoute,
  ExportSessionsRoute,
  FilterSessionsRoute,
  ListSessionsRoute,
  ReviewSessionRoute,
  SessionDetailRoute,
  SessionsSummaryRoute,
  type SessionsPageJson,
} from './sessions.contract';
import { toBound } from './sessions.dto';
import {
  reviewJson,
  sessionsCsv,
  sessionsPageJson,
  sessionsSummaryJson,
} from './sessions.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

/** A status filter name ('' or undefined = any) as the proto enum (UNSPECIFIED = any). */
const sessionStatus = (name: string | undefined): telemetry.SessionStatus =>
  (name && telemetryNames.sessionStatus.parse(name)) || 0;
const EXPORT_MAX = 10_000;

export const SessionsTelemetry = narrowClient('telemetry', [
  'listSessions',
  'getSessionsSummary',
  'reviewSession',
  'getSession',
]);

/** The sessions history: pages, filters, summary, CSV export, review and detail. */
@Controller()
export class SessionsController {
  constructor(
    @Inject(SessionsTelemetry.token) private readonly telemetry: typeof SessionsTelemetry.type,
  ) {}

  @Route(ListSessionsRoute)
  list(
    { query: q }: RouteInput<typeof ListSessionsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListSessionsRoute>> {
    const owner = subjectOf(request, q.telegram_id);
    return this.page(request, owner, q.from, q.to, q.status, q.limit, q.offset);
  }

  @Route(FilterSessionsRoute)
  filter(
    { body: b }: RouteInput<typeof FilterSessionsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof FilterSessionsRoute>> {
    const owner = subjectOf(request, b.telegram_id);
    return this.page(request, owner, b.from_date, b.to_date, b.status, b.limit, b.offset);
  }

  @Route(ActiveSessionsRoute)
  active(
    { query: q }: RouteInput<typeof ActiveSessionsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ActiveSessionsRoute>> {
    const owner = subjectOf(request, q.telegram_id);
    return this.page(request, owner, undefined, undefined, 'active', 100, 0);
  }

  @Route(SessionsSummaryRoute)
  async summary(
    { query: q }: RouteInput<typeof SessionsSummaryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SessionsSummaryRoute>> {
    const s = await this.telemetry.getSessionsSummary(
      { caller: callerOf(request), telegramId: subjectOf(request, q.telegram_id) },
      callOptions(request),
    );
    return sessionsSummaryJson(s);
  }

  @Route(ExportSessionsRoute)
  async export(
    { query: q }: RouteInput<typeof ExportSessionsRoute>,
    @Req() request: Req,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RouteReply<typeof ExportSessionsRoute>> {
    // Always the caller's own sessions: an export holds only the token owner's data.
    const res = await this.telemetry.listSessions(
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

  @Route(ReviewSessionRoute)
  async review(
    { params, query: q }: RouteInput<typeof ReviewSessionRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ReviewSessionRoute>> {
    const r = await this.telemetry.reviewSession(
      {
        caller: callerOf(request),
        telegramId: subjectOf(request, q.telegram_id),
        sessionId: params.id,
      },
      callOptions(request),
    );
    return reviewJson(r);
  }

  @Route(SessionDetailRoute)
  async detail(
    { params, query: q }: RouteInput<typeof SessionDetailRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SessionDetailRoute>> {
    const res = await this.telemetry.getSession(
      {
        caller: callerOf(request),
        telegramId: subjectOf(request, q.telegram_id),
        sessionId: params.id,
      },
      callOptions(request),
    );
    return { session: sessionJson(res.session!) };
  }

  private async page(
    request: Req,
    owner: UserId,
    from: string | undefined,
    to: string | undefined,
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<SessionsPageJson> {
    const res = await this.telemetry.listSessions(
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
    return sessionsPageJson(res, limit, offset);
  }
}
