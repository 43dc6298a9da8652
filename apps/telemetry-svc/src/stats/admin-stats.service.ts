import { Injectable } from '@nestjs/common';

import type { telemetry } from '@trafficshare/contracts';
import { nextExportCursor, parseExportPage } from '@trafficshare/grpc';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import {
  AdminStatsRepository,
  type SessionExportDbRow,
  type TrafficDayRow,
} from './admin-stats.repository';

const MAX_DAYS = 90;
const DAY_MS = 86_400_000;

const dayProto = (d: TrafficDayRow): telemetry.TrafficDay => ({
  date: d.date,
  sentMilliMb: d.sentMilliMb,
  sessions: d.sessions,
  activeUsers: d.activeUsers,
});

const exportRowProto = (r: SessionExportDbRow): telemetry.SessionExportRow => ({
  sessionId: r.id,
  telegramId: Number(r.telegram_id),
  deviceId: r.device_id,
  status: r.status,
  startedAt: r.started_at,
  endedAt: r.ended_at ?? '',
  durationS: Number(r.duration_s),
  serverCountedMilliMb: Number(r.server_counted_milli_mb),
  ipAddress: r.ip_address,
  country: r.country,
  networkType: r.network_type,
  appVersion: r.app_version,
  stopReason: r.stop_reason,
});

/** The admin dashboard's traffic part: sessions running now and traffic per UTC day. */
@Injectable()
export class AdminStatsService {
  constructor(private readonly repo: AdminStatsRepository) {}

  async stats(caller: CallerInfo, days: number): Promise<telemetry.GetAdminStatsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        `days must be 1-${MAX_DAYS}`,
      );
    }
    const last = new Date().toISOString().slice(0, 10);
    const first = new Date(Date.parse(last) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
    const [active, series] = await Promise.all([this.repo.active(), this.repo.days(first, last)]);
    const today = series[series.length - 1];
    return {
      activeSessions: active.sessions,
      activeUsers: active.users,
      today: today ? dayProto(today) : undefined,
      days: series.map(dayProto),
    };
  }

  /** One page of the sessions export (reports): sessions started in [from, to), oldest first. */
  async exportSessions(
    caller: CallerInfo,
    r: telemetry.ExportSessionsRequest,
  ): Promise<telemetry.ExportSessionsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    const q = parseExportPage(r);
    const page = await this.repo.exportPage(q);
    return {
      sessions: page.map((p) => exportRowProto(p.row)),
      next: nextExportCursor(page, q.limit, (p) => p.cursor),
    };
  }
}
