import { commonNames, telemetryNames, type telemetry } from '@trafficshare/contracts';
import { userId } from '@trafficshare/identity';

/** A traffic_sessions row as raw SQL returns it (int8 columns arrive as strings). */
export interface SessionRow {
  id: string;
  telegram_id: string;
  device_id: string;
  status: string;
  filter_status: string;
  bypass: boolean;
  ip_address: string;
  country: string;
  network_type: string;
  app_version: string;
  os: string;
  started_at: Date;
  ended_at: Date | null;
  last_seen_at: Date;
  last_report_at: Date | null;
  server_counted_milli_mb: string;
  reported_milli_mb: string;
  local_counted_milli_mb: string;
  report_count: number;
  max_seq: string;
  last_speed_milli_mb_s: string;
  speed_sum: number;
  speed_sq_sum: number;
  interruptions: number;
  reconciliation_status: string;
  mismatch_milli_mb: string;
  relay_counted: boolean;
  earned_micro_usd: string | null;
  quality_score: number | null;
  stop_reason: string;
  duration_s: number | null;
}

export const SESSION_COLUMNS = `id, telegram_id, device_id, status, filter_status, bypass, ip_address, country,
  network_type, app_version, os, started_at, ended_at, last_seen_at, last_report_at, server_counted_milli_mb,
  reported_milli_mb, local_counted_milli_mb, report_count, max_seq, last_speed_milli_mb_s, speed_sum, speed_sq_sum,
  interruptions, reconciliation_status, mismatch_milli_mb, relay_counted, earned_micro_usd, quality_score, stop_reason, duration_s`;

export const missingReports = (row: Pick<SessionRow, 'max_seq' | 'report_count'>): number =>
  Math.max(0, Number(row.max_seq) - row.report_count);

export function durationS(
  row: Pick<SessionRow, 'started_at' | 'ended_at' | 'duration_s'>,
  now = new Date(),
): number {
  if (row.duration_s !== null) return row.duration_s;
  return Math.max(
    0,
    Math.floor(((row.ended_at ?? now).getTime() - row.started_at.getTime()) / 1000),
  );
}

/** A row's status (text) as the proto enum (UNSPECIFIED for a value this build does not know). */
export const sessionStatusProto = (status: string): telemetry.SessionStatus =>
  telemetryNames.sessionStatus.parse(status) ?? 0;

export function toSessionMessage(row: SessionRow, now = new Date()): telemetry.Session {
  return {
    sessionId: row.id,
    telegramId: userId(Number(row.telegram_id)),
    deviceId: row.device_id,
    status: sessionStatusProto(row.status),
    filterStatus: commonNames.filterStatus.parse(row.filter_status) ?? 0,
    bypass: row.bypass,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? '',
    durationS: durationS(row, now),
    serverCountedMilliMb: Number(row.server_counted_milli_mb),
    localCountedMilliMb: Number(row.local_counted_milli_mb),
    reportedMilliMb: Number(row.reported_milli_mb),
    reportCount: row.report_count,
    maxSeq: Number(row.max_seq),
    missingReports: missingReports(row),
    currentSpeedMilliMbS: row.status === 'active' ? Number(row.last_speed_milli_mb_s) : 0,
    lastReportAt: row.last_report_at?.toISOString() ?? '',
    lastSeenAt: row.last_seen_at.toISOString(),
    ipAddress: row.ip_address,
    location: row.country,
    device: row.os,
    networkType: commonNames.networkType.parse(row.network_type) ?? 0,
    appVersion: row.app_version,
    reconciliationStatus: telemetryNames.reconciliationStatus.parse(row.reconciliation_status) ?? 0,
    mismatchMilliMb: Number(row.mismatch_milli_mb),
    earnedMicroUsd: row.earned_micro_usd === null ? undefined : Number(row.earned_micro_usd),
    qualityScore: row.quality_score ?? undefined,
    stopReason: telemetryNames.stopReason.parse(row.stop_reason) ?? 0,
    interruptions: row.interruptions,
  };
}
