import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

import { auth } from '@trafficshare/contracts';
import { readErrors } from '@trafficshare/observability';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { GATEWAY_REDIS } from '../../infra/tokens';
import { AuthLogsRoute, ErrorLogsRoute, TrafficLogsRoute } from './admin-logs.contract';
import { errorEntryJson, logEntryJson } from './admin-logs.presenter';

export const LogsAuth = narrowClient('auth', ['listAdminLogs']);

type Req = FastifyRequest & AuthenticatedRequest;
type AuditQuery = RouteInput<typeof AuthLogsRoute>['query'];

/**
 * The admin console's logs. auth and traffic: auth-svc's audit trail and API key usage (its own
 * tables, over gRPC). errors: the capped Redis stream every app appends its 5xx / INTERNAL to
 * (libs/observability error-stream.ts) — shared infrastructure, no service's table.
 */
@Controller()
export class AdminLogsController {
  constructor(
    @Inject(LogsAuth.token) private readonly auth: typeof LogsAuth.type,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Route(AuthLogsRoute)
  authLogs(
    { query }: RouteInput<typeof AuthLogsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AuthLogsRoute>> {
    return this.audit(auth.AdminLogKind.ADMIN_LOG_KIND_AUTH, query, request);
  }

  @Route(TrafficLogsRoute)
  trafficLogs(
    { query }: RouteInput<typeof TrafficLogsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof TrafficLogsRoute>> {
    return this.audit(auth.AdminLogKind.ADMIN_LOG_KIND_TRAFFIC, query, request);
  }

  @Route(ErrorLogsRoute)
  async errorLogs({
    query,
  }: RouteInput<typeof ErrorLogsRoute>): Promise<RouteReply<typeof ErrorLogsRoute>> {
    try {
      const page = await readErrors(this.redis, {
        before: query.cursor,
        fromMs: query.from ? Date.parse(query.from) : undefined,
        // Exclusive bound: stream ids at `to` itself are left out.
        toMs: query.to ? Date.parse(query.to) - 1 : undefined,
        userId: query.user,
        ip: query.ip,
        level: query.level,
        limit: query.limit,
      });
      return { items: page.items.map(errorEntryJson), next_cursor: page.next };
    } catch {
      throw new HttpException(
        {
          status: 'error',
          code: 'errors_log_unavailable',
          message: 'The error log (Redis) is unavailable; retry',
        },
        503,
      );
    }
  }

  private async audit(
    kind: auth.AdminLogKind,
    query: AuditQuery,
    request: Req,
  ): Promise<RouteReply<typeof AuthLogsRoute>> {
    const res = await this.auth.listAdminLogs(
      {
        caller: callerOf(request),
        kind,
        telegramId: query.user ?? 0,
        ip: query.ip ?? '',
        level: query.level ?? '',
        from: query.from ?? '',
        to: query.to ?? '',
        cursor: query.cursor ?? '',
        limit: query.limit,
      },
      callOptions(request),
    );
    return {
      items: res.entries.map(logEntryJson),
      next_cursor: res.nextCursor === '' ? null : res.nextCursor,
    };
  }
}
