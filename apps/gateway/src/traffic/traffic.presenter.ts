import { commonNames, telemetryNames, type telemetry } from '@trafficshare/contracts';

import { hms, mb, usdOrNull } from '../common/units';
import type { SessionJson } from './traffic.contract';

/** A session in the history shape (plus the reconciliation fields). */
export function sessionJson(s: telemetry.Session): SessionJson {
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
    earned_usd: usdOrNull(s.earnedMicroUsd),
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
