import { randomUUID } from 'node:crypto';

import { status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';

import {
  commonNames,
  filterNames,
  telemetryNames,
  filter,
  type telemetry,
} from '@trafficshare/contracts';
import { protoCallerOf, type CallerInfo, type UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { LOGGER } from '@trafficshare/service-kit';

import { FILTER_CLIENT, type FilterClient } from '../common/filter-client';
import { sessionStatusProto, toSessionMessage } from '../common/session-row';
import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import { LivePublisher } from '../live/live-publisher';
import { OutboxWriter } from '../common/outbox-writer';
import { reportMetrics } from '../reports/reports.metrics';
import { IpRelease } from './ip-release';
import { SessionCloser } from './session-closer';
import { SessionsRepository } from './sessions.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** START as the service handles it: network type and language as names. */
export interface StartInput extends Omit<
  telemetry.StartSessionRequest,
  'caller' | 'networkType' | 'language'
> {
  /** mobile | wifi | unknown */
  readonly networkType: string;
  /** uz | ru | en */
  readonly language: string;
}

const startStatus = telemetryNames.startStatus.toProto;

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

  async start(caller: CallerInfo, req: StartInput): Promise<telemetry.StartSessionResponse> {
    if (!req.deviceId || req.deviceId.length > 128) {
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        'device_id must be 1–128 characters',
      );
    }
    // Refuse early (no filter attempt is counted) when the device already shares.
    await this.assertDeviceFree(caller.telegramId, req.deviceId);
    const sessionId = randomUUID();
    const decision = await this.decide(caller, req, sessionId);
    const base = {
      sessionId: '',
      bypass: false,
      reasons: decision.reasons,
      code: '',
      message: decision.message,
      ticketId: '',
      startedAt: '',
    };
    const verdict = filterNames.decision.toNameOr(decision.decision, '');
    switch (verdict) {
      case 'deny':
        reportMetrics.sessions.inc({ event: 'blocked' });
        return {
          ...base,
          status: startStatus('blocked'),
          code: decision.code,
          httpStatus: decision.httpStatus || 403,
        };
      case 'pending_admin':
        reportMetrics.sessions.inc({ event: 'pending_admin' });
        return {
          ...base,
          status: startStatus('pending_admin'),
          code: decision.code,
          ticketId: decision.ticketId,
          httpStatus: 202,
        };
      case 'allow':
      case 'skipped':
        return this.open(caller, req, sessionId, decision);
      case '':
        this.logger.error({ decision: decision.decision }, 'unknown filter decision');
        throw new TelemetryException(
          TelemetryErrorCode.FilterUnavailable,
          'The START check gave no usable answer; try again',
        );
    }
  }

  async heartbeat(
    owner: UserId,
    req: Omit<telemetry.HeartbeatRequest, 'caller'>,
  ): Promise<telemetry.HeartbeatResponse> {
    this.assertId(req.sessionId);
    const row = await this.repo.touch(owner, req.sessionId, new Date());
    if (!row) {
      const existing = await this.repo.findOwned(owner, req.sessionId);
      if (!existing) throw TelemetryException.notFound();
      throw TelemetryException.closed(existing.id, existing.status);
    }
    if (req.deviceId && row.device_id !== req.deviceId) {
      throw new TelemetryException(
        TelemetryErrorCode.DeviceMismatch,
        'The session belongs to another device',
      );
    }
    return {
      sessionId: row.id,
      status: sessionStatusProto(row.status),
      lastSeenAt: row.last_seen_at.toISOString(),
    };
  }

  async stop(
    owner: UserId,
    req: Omit<telemetry.StopSessionRequest, 'caller'>,
  ): Promise<telemetry.StopSessionResponse> {
    this.assertId(req.sessionId);
    const now = new Date();
    const price = await this.closer.priceNow(now);
    const result = await this.repo.transaction(async (m) => {
      const row = await this.repo.lockOwned(m, owner, req.sessionId);
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

  async get(owner: UserId, sessionId: string): Promise<telemetry.GetSessionResponse> {
    this.assertId(sessionId);
    const row = await this.repo.findOwned(owner, sessionId);
    if (!row) throw TelemetryException.notFound();
    return { session: toSessionMessage(row) };
  }

  private assertId(sessionId: string): void {
    if (!UUID.test(sessionId)) throw TelemetryException.notFound();
  }

  private async assertDeviceFree(owner: UserId, deviceId: string): Promise<void> {
    const active = await this.repo.activeOfDevice(deviceId);
    if (!active) return;
    if (Number(active.telegram_id) === owner) {
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
    caller: CallerInfo,
    req: StartInput,
    sessionId: string,
  ): Promise<filter.FilterDecision> {
    try {
      // The START caller, as the gateway sent it: the filter decides by its role.
      const res = await this.filter.rpc.decide({
        caller: protoCallerOf(caller),
        deviceId: req.deviceId,
        sessionId,
        clientIp: req.clientIp,
        networkType: commonNames.networkType.parse(req.networkType) ?? 0,
        appVersion: req.appVersion,
        os: req.os,
        clientLocalIp: req.clientLocalIp,
        language: commonNames.language.parse(req.language) ?? 0,
        dryRun: false,
      });
      if (!res.result) throw new Error('empty filter answer');
      return res.result;
    } catch (err) {
      const code = (err as { code?: number }).code;
      this.logger.error({ err: { code, message: (err as Error).message } }, 'filter Decide failed');
      // The filter may have claimed the IP before the answer was lost (a timeout).
      await this.ip.release(
        { deviceId: req.deviceId, telegramId: caller.telegramId, sessionId },
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
    caller: CallerInfo,
    req: StartInput,
    sessionId: string,
    d: filter.FilterDecision,
  ): Promise<telemetry.StartSessionResponse> {
    const now = new Date();
    const bypass = d.decision === filter.Decision.DECISION_SKIPPED;
    let row;
    try {
      row = await this.repo.transaction(async (m) => {
        const inserted = await this.repo.insert(m, {
          id: sessionId,
          telegramId: caller.telegramId,
          deviceId: req.deviceId,
          filterStatus: bypass ? 'skipped' : 'passed',
          bypass,
          userRole: caller.role,
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
              telegramId: caller.telegramId,
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
        await this.assertDeviceFree(caller.telegramId, req.deviceId);
      } else {
        // No session was opened: free the IP the decision claimed for it.
        await this.ip.release(
          { deviceId: req.deviceId, telegramId: caller.telegramId, sessionId },
          'start_failed',
        );
      }
      throw err;
    }
    reportMetrics.sessions.inc({ event: 'started' });
    void this.live.publish(caller.telegramId, {
      type: 'session_status',
      data: { session_id: row.id, status: 'active', used_mb: 0, current_speed: 0 },
    });
    return {
      status: startStatus('ok'),
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
