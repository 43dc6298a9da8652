import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { commonNames, telemetryNames, type NameOf } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ApiZodBody, ValidBody } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  HeartbeatSchema,
  StartSchema,
  StopSchema,
  toMilli,
  type HeartbeatDto,
  type StartDto,
  type StopDto,
} from './dto/traffic.dto';
import { sessionJson } from './session-json';

type Req = FastifyRequest & AuthenticatedRequest;
type Language = NameOf<typeof commonNames.language>;

@ApiTags('traffic')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
@Controller('api')
export class TrafficController {
  constructor(private readonly clients: ServiceClients) {}

  @Post('traffic/start')
  @RateLimit({ name: 'traffic_start', points: 30, windowS: 60, by: 'user' })
  @ApiOperation({
    summary: 'START: the filter decides; allowed → a session opens (admins bypass the filter)',
  })
  @ApiZodBody(StartSchema)
  @ApiOkResponse({
    schema: {
      example: { status: 'ok', session_id: '0b6f…', message: 'Tunnel opened', bypass: false },
    },
  })
  @ApiAcceptedResponse({
    schema: {
      example: {
        status: 'pending_admin',
        ticket_id: 'ra_456',
        message: 'Awaiting admin approval.',
      },
    },
  })
  @ApiForbiddenResponse({
    schema: {
      example: {
        status: 'blocked',
        code: 'vpn_detected',
        reasons: ['vpn_detected'],
        message: 'Tunnel could not be opened: VPN or proxy detected.',
      },
    },
  })
  @ApiTooManyRequestsResponse({
    description: '`too_many_attempts` (blocked body) or `rate_limited`',
  })
  @ApiConflictResponse({ description: '`session_already_active` (with session_id), `device_busy`' })
  async start(
    @ValidBody(StartSchema) body: StartDto,
    @Req() request: Req,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.startSession(
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
          ...(res.bypass ? { bypass: true } : {}),
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

  @Post('traffic/heartbeat')
  @HttpCode(200)
  @RateLimit({ name: 'traffic_heartbeat', points: 600, windowS: 60, by: 'user' })
  @ApiOperation({
    summary: 'Keeps a session without reports alive (sessions silent for 2 min close as failed)',
  })
  @ApiZodBody(HeartbeatSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        session_id: '0b6f…',
        session_status: 'active',
        last_seen_at: '2025-11-02T12:00:00.000Z',
      },
    },
  })
  async heartbeat(
    @ValidBody(HeartbeatSchema) body: HeartbeatDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.heartbeat(
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

  @Post('traffic/stop')
  @HttpCode(200)
  @RateLimit({ name: 'traffic_stop', points: 60, windowS: 60, by: 'user' })
  @ApiOperation({
    summary:
      'STOP: closes the session with the final reconciliation (duration, sent_mb, estimated earnings)',
  })
  @ApiZodBody(StopSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'ok',
        stopped: true,
        session: {
          id: '0b6f…',
          status: 'completed',
          duration: '00:10:00',
          sent_mb: 512.5,
          earned_usd: 0.75,
        },
      },
    },
  })
  async stop(
    @ValidBody(StopSchema) body: StopDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.stopSession(
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

  @Get('session/:id/summary')
  @RateLimit({ name: 'session_summary', points: 120, windowS: 60, by: 'user' })
  @ApiOperation({
    summary: 'Server aggregate of one of the caller’s sessions (on resume / detail view)',
  })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        session: { id: '0b6f…', status: 'active', sent_mb: 1240, current_speed: 0.45 },
      },
    },
  })
  @ApiNotFoundResponse({ description: '`session_not_found`' })
  async summary(@Param('id') id: string, @Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.telemetry.getSession(
      { caller: callerOf(request), telegramId: 0, sessionId: id },
      callOptions(request),
    );
    return { status: 'success', session: sessionJson(res.session!) };
  }

  /** The blocked/pending message's language: the body, the user's setting, Accept-Language, en. */
  private async language(body: StartDto, request: Req): Promise<Language> {
    if (body.language) return body.language;
    try {
      const res = await this.clients.auth.getSettings(
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
