import { HttpException, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

import { commonNames, telemetry } from '@trafficshare/contracts';
import { kindToHttpStatus, type ErrorKind } from '@trafficshare/grpc';
import type { Logger } from '@trafficshare/observability';

import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { authenticate, bearerToken } from '../auth/auth.guard';
import { RevocationService } from '../auth/revocation.service';
import { callerOf } from '../common/caller';
import { toJsonSchema } from '../contract/openapi';
import type { RouteReply } from '../contract/route-contract';
import { parseRouteInput } from '../contract/route.decorator';
import { gatewayErrorLog, recordGatewayError } from '../errors/error-log';
import { toErrorResponse } from '../errors/http-error';
import { GATEWAY_LOGGER, GATEWAY_REDIS } from '../infra/tokens';
import { mb, toMilli } from '../common/units';
import { ReportRouteContract } from './report.contract';
import { ReportForwarder } from './report-forwarder';

const contract = ReportRouteContract;
/** The 200 body's JSON Schema: Fastify compiles it into a serializer (no JSON.stringify per answer). */
const OK_SCHEMA = toJsonSchema(contract.successBody);

/**
 * POST /api/traffic/report — the hottest route: every running phone, every 10 s. Fastify serves
 * it directly instead of through Nest's router, guards, pipes and exception filter, which cost
 * about a third of the gateway's CPU per report. Everything a Nest route does that matters here
 * is done the same way and by the same code: the token and revocation check of AuthGuard
 * (`authenticate`), its contract (report.contract.ts: the input parsing of @Route, the response
 * schema, the docs and the response check), the error body of HttpExceptionFilter
 * (`toErrorResponse`), and Fastify's own hooks (request id, headers, input guard, metrics). The
 * route needs no role and is rate limited in telemetry-svc (12/min per device, an account limit
 * too), which counts a whole batch with one Redis call.
 */
@Injectable()
export class ReportRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocation: RevocationService,
    private readonly reports: ReportForwarder,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.post(
      contract.path,
      {
        config: { contract },
        schema: { response: { [contract.status]: OK_SCHEMA } },
        errorHandler: (err: FastifyError, request, reply) => this.fail(err, request, reply),
      },
      (request) => this.handle(request),
    );
  }

  private async handle(request: FastifyRequest): Promise<RouteReply<typeof contract>> {
    const { claims } = await authenticate(
      this.verifier,
      this.revocation,
      bearerToken(request.headers.authorization),
    );
    const { body } = parseRouteInput(contract, request);
    const r = await this.reports.submit({
      caller: callerOf(request, claims),
      sessionId: body.session_id,
      deviceId: body.device_id,
      seq: body.seq,
      cumulativeMilliMb: toMilli(body.cumulative_mb),
      deltaMilliMb: toMilli(body.delta_mb),
      speedMilliMbS: toMilli(body.speed_mb_s),
      batteryLevel: body.battery_level ?? -1,
      networkType: body.network_type ? commonNames.networkType.toProto(body.network_type) : 0,
      clientTimestamp: body.timestamp ?? '',
    });
    if (r.outcome === telemetry.ReportOutcome.REPORT_OUTCOME_REJECTED) {
      const details = r.retryAfterS > 0 ? { retry_after_s: r.retryAfterS } : {};
      throw new HttpException(
        { status: 'error', code: r.errorCode, message: r.errorMessage, ...details },
        kindToHttpStatus(r.errorKind as ErrorKind),
      );
    }
    return {
      status: 'ok',
      accepted: true,
      duplicate: r.outcome === telemetry.ReportOutcome.REPORT_OUTCOME_DUPLICATE,
      seq: body.seq,
      counted_mb: mb(r.countedMilliMb),
      server_counted_mb: mb(r.sessionCountedMilliMb),
      report_count: r.reportCount,
      missing_reports: r.missingReports,
      mismatch: r.mismatch,
    };
  }

  private fail(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const { status, body } = toErrorResponse(err, String(request.id));
    if (status >= 500) {
      this.logger.error({ err, req_id: request.id, route: contract.path }, 'request failed');
      recordGatewayError(gatewayErrorLog(this.redis), request, status, body.code, err);
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
