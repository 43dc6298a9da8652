import { telemetryNames, type telemetry } from '@trafficshare/contracts';

import { hms, mb, mbFixed, usdFixed, usdOrNull } from '../common/units';
import { sessionJson } from '../traffic/traffic.presenter';
import type { ReviewJson, SessionsPageJson, SessionsSummaryJson } from './sessions.contract';

const HEADER = [
  'date',
  'start_time',
  'end_time',
  'duration',
  'sent_mb',
  'earned_usd',
  'ip_address',
  'status',
  'session_id',
];

/** RFC 4180 field; a leading = + - @ is neutralised (spreadsheet formula injection). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Seed csv_export_service: date, duration, MB, $, IP, status per line. */
export function sessionsCsv(sessions: readonly telemetry.Session[]): string {
  const lines = [HEADER.join(',')];
  for (const s of sessions) {
    lines.push(
      [
        s.startedAt.slice(0, 10),
        s.startedAt,
        s.endedAt,
        hms(s.durationS),
        mbFixed(s.serverCountedMilliMb),
        s.earnedMicroUsd === undefined ? '' : usdFixed(s.earnedMicroUsd),
        s.ipAddress,
        telemetryNames.sessionStatus.toNameOr(s.status, ''),
        s.sessionId,
      ]
        .map((v) => csvField(String(v)))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One page of sessions, newest first. */
export function sessionsPageJson(
  res: telemetry.ListSessionsResponse,
  limit: number,
  offset: number,
): SessionsPageJson {
  return { total: res.total, limit, offset, sessions: res.sessions.map(sessionJson) };
}

/** Today and this week, and the averages per session. */
export function sessionsSummaryJson(s: telemetry.GetSessionsSummaryResponse): SessionsSummaryJson {
  const totals = (t: typeof s.today) => ({
    sessions: t?.sessions ?? 0,
    mb: mb(t?.milliMb ?? 0),
    earnings: usdOrNull(t?.earnedMicroUsd),
  });
  return {
    today: totals(s.today),
    week: totals(s.week),
    average_per_session: usdOrNull(s.averageMicroUsdPerSession),
    average_mb_per_session: mb(s.averageMilliMbPerSession),
    active_sessions: s.activeSessions,
  };
}

/** A session's quality review. */
export function reviewJson(r: telemetry.ReviewSessionResponse): ReviewJson {
  return {
    session_id: r.sessionId,
    quality_score: r.qualityScore,
    interruptions: r.interruptions,
    missing_reports: r.missingReports,
    mb_per_minute: mb(r.milliMbPerMinute),
    speed_stability: r.speedStability,
    reviewed_at: r.reviewedAt,
  };
}
