import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { commonNames, telemetryNames, type NameOf } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { toMilli } from '../common/units';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { HeartbeatRoute, SessionSummaryRoute, StartRoute, StopRoute } from './traffic.contract';
import type { StartDto } from './traffic.dto';
import { sessionJson } from './traffic.presenter';

type Req = FastifyRequest & AuthenticatedRequest;
type Language = NameOf<typeof commonNames.language>;

export const TrafficTelemetry = narrowClient('telemetry', [
  'startSession',
  'heartbeat',
  'stopSession',
  'getSession',
]);
/** Only the user's language setting (the START message's language). */
export const TrafficAuth = narrowClient('auth', ['getSettings']);

/** START, heartbeat, STOP and a session's summary (reports: report.route.ts). */
@Controller()
export class TrafficController {
  constructor(
    @Inject(TrafficTelemetry.token) private readonly telemetry: typeof TrafficTelemetry.type,
    @Inject(TrafficAuth.token) private readonly auth: typeof TrafficAuth.type,
  ) {}

  @Route(StartRoute)
  async start(
    { body }: RouteInput<typeof StartRoute>,
    @Req() request: Req,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RouteReply<typeof StartRoute>> {
    const res = await this.telemetry.startSession(
      {
        caller: callerOf(request),
        deviceId: body.device_id,
        clientIp: request.ip,
        clientLocalIp: body.client_local_ip ?? '',
        networkType: commonNames.networkType.toProto(body.network_type),
        appVersion: body.app_version ?? '',
        os: body.os ?? '',
        batteryLevel: body.battery_level ?? -1,
        language: commonNames.language.toProto(await this.language(body, request)),
      },
      callOptions(request),
    );
    void reply.status(res.httpStatus || 200);
    switch (telemetryNames.startStatus.toNameOr(res.status, 'blocked')) {
      case 'ok':
        return {
          status: 'ok',
          session_id: res.sessionId,
          message: res.message,
          started_at: res.startedAt,
          ...(res.bypass ? { bypass: true as const } : {}),
        };
      case 'pending_admin':
        return {
          status: 'pending_admin',
          ticket_id: res.ticketId,
          reasons: res.reasons,
          message: res.message,
        };
      case 'blocked':
        return { status: 'blocked', code: res.code, reasons: res.reasons, message: res.message };
    }
  }

  @Route(HeartbeatRoute)
  async heartbeat(
    { body }: RouteInput<typeof HeartbeatRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof HeartbeatRoute>> {
    const res = await this.telemetry.heartbeat(
      {
        caller: callerOf(request),
        sessionId: body.session_id,
        deviceId: body.device_id ?? '',
        batteryLevel: body.battery_level ?? -1,
      },
      callOptions(request),
    );
    return {
      status: 'ok',
      session_id: res.sessionId,
      session_status: telemetryNames.sessionStatus.toNameOr(res.status, ''),
      last_seen_at: res.lastSeenAt,
    };
  }

  @Route(StopRoute)
  async stop(
    { body }: RouteInput<typeof StopRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof StopRoute>> {
    const res = await this.telemetry.stopSession(
      {
        caller: callerOf(request),
        sessionId: body.session_id,
        deviceId: body.device_id ?? '',
        cumulativeMilliMb:
          body.cumulative_mb === undefined ? undefined : toMilli(body.cumulative_mb),
      },
      callOptions(request),
    );
    return { status: 'ok', stopped: res.stoppedNow, session: sessionJson(res.session!) };
  }

  @Route(SessionSummaryRoute)
  async summary(
    { params }: RouteInput<typeof SessionSummaryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SessionSummaryRoute>> {
    const res = await this.telemetry.getSession(
      { caller: callerOf(request), telegramId: 0, sessionId: params.id },
      callOptions(request),
    );
    return { session: sessionJson(res.session!) };
  }

  /** The blocked/pending message's language: the body, the user's setting, Accept-Language, en. */
  private async language(body: StartDto, request: Req): Promise<Language> {
    if (body.language) return body.language;
    try {
      const res = await this.auth.getSettings(
        { caller: callerOf(request) },
        callOptions(request, 500),
      );
      const language = res.settings && commonNames.language.toNameOr(res.settings.language, '');
      if (language) return language;
    } catch {
      // auth-svc slow or down: fall back to the header.
    }
    const header = String(request.headers['accept-language'] ?? '')
      .slice(0, 2)
      .toLowerCase();
    return commonNames.language.isName(header) ? header : 'en';
  }
}
