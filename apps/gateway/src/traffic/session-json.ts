import { commonNames, telemetryNames, type telemetry } from '@trafficshare/contracts';

export const mb = (milli: number): number => milli / 1000;
export const usd = (micro: number | undefined): number | null =>
  micro === undefined ? null : micro / 1_000_000;

/** Seconds → HH:MM:SS (seed: duration VARCHAR HH:MM:SS). */
export function hms(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** A session in the seed's history shape (plus the reconciliation fields). */
export function sessionJson(s: telemetry.Session): Record<string, unknown> {
  return {
    id: s.sessionId,
    session_id: s.sessionId,
    telegram_id: s.telegramId,
    device_id: s.deviceId,
    status: telemetryNames.sessionStatus.toNameOr(s.status, ''),
    start_time: s.startedAt,
    end_time: s.endedAt || null,
    duration: hms(s.durationS),
    duration_s: s.durationS,
    sent_mb: mb(s.serverCountedMilliMb),
    server_counted_mb: mb(s.serverCountedMilliMb),
    local_counted_mb: mb(s.localCountedMilliMb),
    reported_mb: mb(s.reportedMilliMb),
    earned_usd: usd(s.earnedMicroUsd),
    ip_address: s.ipAddress,
    location: s.location,
    device: s.device,
    network_type: commonNames.networkType.toNameOr(s.networkType, ''),
    app_version: s.appVersion,
    report_count: s.reportCount,
    missing_reports: s.missingReports,
    current_speed: mb(s.currentSpeedMilliMbS),
    last_report_at: s.lastReportAt || null,
    reconciliation_status: telemetryNames.reconciliationStatus.toNameOr(s.reconciliationStatus, ''),
    mismatch_mb: mb(s.mismatchMilliMb),
    quality_score: s.qualityScore ?? null,
    interruptions: s.interruptions,
    filter_status: commonNames.filterStatus.toNameOr(s.filterStatus, ''),
    bypass: s.bypass,
    stop_reason: telemetryNames.stopReason.toNameOr(s.stopReason, null),
  };
}
