import { HttpException, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { commonNames, telemetry } from '@trafficshare/contracts';
import { kindToHttpStatus, type ErrorKind } from '@trafficshare/grpc';
import type { Logger } from '@trafficshare/observability';

import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { authenticate, bearerToken } from '../auth/auth.guard';
import { RevocationService } from '../auth/revocation.service';
import { callerOf } from '../common/caller';
import { toOpenApi, ZodPipe } from '../common/zod';
import { toErrorResponse } from '../errors/http-error';
import { GATEWAY_LOGGER } from '../infra/tokens';
import { ReportSchema, toMilli } from './dto/traffic.dto';
import { ReportForwarder } from './report-forwarder';
import { mb } from './session-json';

export const REPORT_PATH = '/api/traffic/report';

const validate = new ZodPipe(ReportSchema);

/** The 200 body; Fastify compiles it into a serializer (no generic JSON.stringify per answer). */
const OK_PROPERTIES = {
  status: { type: 'string' },
  accepted: { type: 'boolean' },
  duplicate: { type: 'boolean' },
  seq: { type: 'integer' },
  counted_mb: { type: 'number' },
  server_counted_mb: { type: 'number' },
  report_count: { type: 'integer' },
  missing_reports: { type: 'integer' },
  mismatch: { type: 'boolean' },
};
const OK_SCHEMA = {
  type: 'object',
  properties: OK_PROPERTIES,
  required: Object.keys(OK_PROPERTIES),
};

const error = (description: string) => ({ description });

/** This route's OpenAPI operation (it is not a Nest controller method, so docs.ts adds it). */
export const REPORT_OPERATION = {
  tags: ['traffic'],
  summary:
    'A device report (every 10 s or 100 MB); idempotent on (session_id, seq). 200 = durably stored',
  security: [{ bearer: [] }],
  requestBody: {
    required: true,
    content: { 'application/json': { schema: toOpenApi(ReportSchema) } },
  },
  responses: {
    200: {
      description:
        'Stored (or a duplicate, acknowledged without effect). `server_counted_mb` is authoritative',
      content: {
        'application/json': {
          schema: OK_SCHEMA,
          example: {
            status: 'ok',
            accepted: true,
            duplicate: false,
            seq: 7,
            counted_mb: 4.5,
            server_counted_mb: 31.5,
            report_count: 7,
            missing_reports: 0,
            mismatch: false,
          },
        },
      },
    },
    400: error('`validation_failed`, `invalid_json`'),
    401: error('`token_missing`, `token_invalid`, `token_expired`, `session_revoked`'),
    403: error('`device_mismatch`, `user_banned`'),
    404: error('`session_not_found` (also someone else’s session)'),
    409: error('`session_closed`'),
    429: error(
      '`rate_limited`: more than 12 reports a minute from one device (or REPORTS_PER_MIN_PER_USER from one account); `retry_after_s` says when to retry',
    ),
    503: error('`service_unavailable`: telemetry-svc or the session check is unavailable'),
  },
};

/**
 * POST /api/traffic/report — the hottest route: every running phone, every 10 s. Fastify serves
 * it directly instead of through Nest's router, guards, pipes and exception filter, which cost
 * about a third of the gateway's CPU per report. Everything a Nest route does that matters here
 * is done the same way and by the same code: the token and revocation check of AuthGuard
 * (`authenticate`), the ReportSchema validation of ZodPipe, the error body of
 * HttpExceptionFilter (`toErrorResponse`), and Fastify's own hooks (request id, metrics). The
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
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.post(
      REPORT_PATH,
      {
        schema: { response: { 200: OK_SCHEMA } },
        errorHandler: (err: FastifyError, request, reply) => this.fail(err, request, reply),
      },
      (request) => this.handle(request),
    );
  }

  private async handle(request: FastifyRequest): Promise<Record<string, unknown>> {
    const { claims } = await authenticate(
      this.verifier,
      this.revocation,
      bearerToken(request.headers.authorization),
    );
    const body = validate.transform(request.body);
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
    if (status >= 500)
      this.logger.error({ err, req_id: request.id, route: REPORT_PATH }, 'request failed');
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
