import { telemetryNames, type telemetry } from '@trafficshare/contracts';

import { hms } from '../traffic/session-json';

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
        (s.serverCountedMilliMb / 1000).toFixed(3),
        s.earnedMicroUsd === undefined ? '' : (s.earnedMicroUsd / 1_000_000).toFixed(6),
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
