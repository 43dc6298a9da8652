import { randomUUID } from 'node:crypto';

import { status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';

import type { filter, telemetry } from '@trafficshare/contracts';
import type { Logger } from '@trafficshare/observability';
import { LOGGER } from '@trafficshare/service-kit';

import { FILTER_CLIENT, type FilterClient } from '../common/filter-client';
import { toSessionMessage } from '../common/session-row';
import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import { LivePublisher } from '../live/live-publisher';
import { OutboxWriter } from '../common/outbox-writer';
import { reportMetrics } from '../reports/reports.metrics';
import { IpRelease } from './ip-release';
import { SessionCloser } from './session-closer';
import { SessionsRepository } from './sessions.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** START, heartbeat, STOP and one session's summary. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly closer: SessionCloser,
    private readonly outbox: OutboxWriter,
    private readonly live: LivePublisher,
    private readonly ip: IpRelease,
    @Inject(FILTER_CLIENT) private readonly filter: FilterClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(req: telemetry.StartSessionRequest): Promise<telemetry.StartSessionResponse> {
    if (!req.deviceId || req.deviceId.length > 128) {
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        'device_id must be 1–128 characters',
      );
    }
    // Refuse early (no filter attempt is counted) when the device already shares.
    await this.assertDeviceFree(req.telegramId, req.deviceId);
    const sessionId = randomUUID();
    const decision = await this.decide(req, sessionId);
    const base = {
      sessionId: '',
      bypass: false,
      reasons: decision.reasons,
      code: '',
      message: decision.message,
      ticketId: '',
      startedAt: '',
    };
    switch (decision.decision) {
      case 'deny':
        reportMetrics.sessions.inc({ event: 'blocked' });
        return {
          ...base,
          status: 'blocked',
          code: decision.code,
          httpStatus: decision.httpStatus || 403,
        };
      case 'pending_admin':
        reportMetrics.sessions.inc({ event: 'pending_admin' });
        return {
          ...base,
          status: 'pending_admin',
          code: decision.code,
          ticketId: decision.ticketId,
          httpStatus: 202,
        };
      case 'allow':
      case 'skipped':
        return this.open(req, sessionId, decision);
      default:
        this.logger.error({ decision: decision.decision }, 'unknown filter decision');
        throw new TelemetryException(
          TelemetryErrorCode.FilterUnavailable,
          'The START check gave no usable answer; try again',
        );
    }
  }

  async heartbeat(req: telemetry.HeartbeatRequest): Promise<telemetry.HeartbeatResponse> {
    this.assertId(req.sessionId);
    const row = await this.repo.touch(req.telegramId, req.sessionId, new Date());
    if (!row) {
      const existing = await this.repo.findOwned(req.telegramId, req.sessionId);
      if (!existing) throw TelemetryException.notFound();
      throw TelemetryException.closed(existing.id, existing.status);
    }
    if (req.deviceId && row.device_id !== req.deviceId) {
      throw new TelemetryException(
        TelemetryErrorCode.DeviceMismatch,
        'The session belongs to another device',
      );
    }
    return { sessionId: row.id, status: row.status, lastSeenAt: row.last_seen_at.toISOString() };
  }

  async stop(req: telemetry.StopSessionRequest): Promise<telemetry.StopSessionResponse> {
    this.assertId(req.sessionId);
    const now = new Date();
    const price = await this.closer.priceNow(now);
    const result = await this.repo.transaction(async (m) => {
      const row = await this.repo.lockOwned(m, req.telegramId, req.sessionId);
      if (!row) throw TelemetryException.notFound();
      if (req.deviceId && row.device_id !== req.deviceId) {
        throw new TelemetryException(
          TelemetryErrorCode.DeviceMismatch,
          'The session belongs to another device',
        );
      }
      if (row.status !== 'active') return { row, stoppedNow: false };
      const clientFinal =
        req.cumulativeMilliMb !== undefined && req.cumulativeMilliMb >= 0
          ? req.cumulativeMilliMb
          : undefined;
      return {
        row: await this.closer.close(m, row, {
          status: 'completed',
          reason: 'user',
          now,
          clientFinal,
          price,
        }),
        stoppedNow: true,
      };
    });
    if (result.stoppedNow) await this.closer.afterClose(result.row);
    return { session: toSessionMessage(result.row), stoppedNow: result.stoppedNow };
  }

  async get(telegramId: number, sessionId: string): Promise<telemetry.GetSessionResponse> {
    this.assertId(sessionId);
    const row = await this.repo.findOwned(telegramId, sessionId);
    if (!row) throw TelemetryException.notFound();
    return { session: toSessionMessage(row) };
  }

  private assertId(sessionId: string): void {
    if (!UUID.test(sessionId)) throw TelemetryException.notFound();
  }

  private async assertDeviceFree(telegramId: number, deviceId: string): Promise<void> {
    const active = await this.repo.activeOfDevice(deviceId);
    if (!active) return;
    if (Number(active.telegram_id) === telegramId) {
      throw new TelemetryException(
        TelemetryErrorCode.SessionAlreadyActive,
        'This device already has an active session; stop it first',
        {
          session_id: active.id,
        },
      );
    }
    throw new TelemetryException(
      TelemetryErrorCode.DeviceBusy,
      'This device is sharing under another account',
    );
  }

  private async decide(
    req: telemetry.StartSessionRequest,
    sessionId: string,
  ): Promise<filter.FilterDecision> {
    try {
      const res = await this.filter.rpc.decide({
        telegramId: req.telegramId,
        role: req.role,
        deviceId: req.deviceId,
        sessionId,
        clientIp: req.clientIp,
        networkType: req.networkType,
        appVersion: req.appVersion,
        os: req.os,
        clientLocalIp: req.clientLocalIp,
        language: req.language,
        dryRun: false,
      });
      if (!res.result) throw new Error('empty filter answer');
      return res.result;
    } catch (err) {
      const code = (err as { code?: number }).code;
      this.logger.error({ err: { code, message: (err as Error).message } }, 'filter Decide failed');
      // The filter may have claimed the IP before the answer was lost (a timeout).
      await this.ip.release(
        { deviceId: req.deviceId, telegramId: req.telegramId, sessionId },
        'start_failed',
      );
      const unavailable = code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED;
      throw new TelemetryException(
        TelemetryErrorCode.FilterUnavailable,
        unavailable
          ? 'The START check is unavailable; try again shortly'
          : 'The START check failed; try again shortly',
      );
    }
  }

  private async open(
    req: telemetry.StartSessionRequest,
    sessionId: string,
    d: filter.FilterDecision,
  ): Promise<telemetry.StartSessionResponse> {
    const now = new Date();
    const bypass = d.decision === 'skipped';
    let row;
    try {
      row = await this.repo.transaction(async (m) => {
        const inserted = await this.repo.insert(m, {
          id: sessionId,
          telegramId: req.telegramId,
          deviceId: req.deviceId,
          filterStatus: bypass ? 'skipped' : 'passed',
          bypass,
          userRole: req.role || 'user',
          filterDecisionId: d.decisionId,
          ipAddress: req.clientIp.slice(0, 64),
          clientLocalIp: req.clientLocalIp.slice(0, 64),
          country: d.ip?.country ?? '',
          networkType: req.networkType.slice(0, 16),
          appVersion: req.appVersion.slice(0, 32),
          os: req.os.slice(0, 32),
          batteryLevel: req.batteryLevel >= 0 && req.batteryLevel <= 100 ? req.batteryLevel : null,
          startedAt: now,
        });
        await this.outbox.addMany(m, [
          {
            type: 'SessionStarted',
            message: {
              sessionId,
              telegramId: req.telegramId,
              deviceId: req.deviceId,
              networkType: req.networkType,
              bypass,
              startedAt: now.toISOString(),
            },
            occurredAt: now,
          },
        ]);
        return inserted;
      });
    } catch (err) {
      // A concurrent START of the same device won the unique index; the IP claim is the
      // winner's now (its SessionStarted confirms it), so it stays.
      if ((err as { code?: string }).code === '23505') {
        await this.assertDeviceFree(req.telegramId, req.deviceId);
      } else {
        // No session was opened: free the IP the decision claimed for it.
        await this.ip.release(
          { deviceId: req.deviceId, telegramId: req.telegramId, sessionId },
          'start_failed',
        );
      }
      throw err;
    }
    reportMetrics.sessions.inc({ event: 'started' });
    void this.live.publish(req.telegramId, 'session_status', {
      session_id: row.id,
      status: 'active',
      used_mb: 0,
      current_speed: 0,
    });
    return {
      status: 'ok',
      sessionId: row.id,
      bypass,
      reasons: d.reasons,
      code: '',
      message: 'Tunnel opened',
      ticketId: '',
      httpStatus: 200,
      startedAt: row.started_at.toISOString(),
    };
  }
}
