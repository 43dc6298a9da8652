import { userId } from '@trafficshare/identity';

import type { ReportSessionRow } from '../reports/reports.repository';
import type { IncomingReport } from '../reports/incoming-report';

/** Typed factories for the report stages' unit tests (sensible defaults, override what matters). */
export const SESSION_ID = '0b9f7c1e-4d2a-4c5b-9e1f-2a3b4c5d6e7f';
export const OTHER_SESSION_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
export const NOW = new Date('2026-03-05T10:00:00.000Z');

export const ReportFactory = {
  create(over: Partial<IncomingReport> = {}): IncomingReport {
    return {
      sessionId: SESSION_ID,
      telegramId: userId(599_382_114),
      deviceId: 'pixel-7',
      seq: 1,
      deltaMilliMb: 10_000,
      cumulativeMilliMb: 10_000,
      speedMilliMbS: 1_000,
      batteryLevel: 80,
      networkType: 'mobile',
      clientTimestamp: '2026-03-05T09:59:58.000Z',
      ...over,
    };
  },
};

/** A session row as the batch reads it: active, 10 minutes old, no report yet. */
export const SessionRowFactory = {
  create(over: Partial<ReportSessionRow> = {}): ReportSessionRow {
    return {
      id: SESSION_ID,
      telegram_id: '599382114',
      device_id: 'pixel-7',
      status: 'active',
      started_at: new Date(NOW.getTime() - 600_000),
      last_report_at: null,
      server_counted_milli_mb: '0',
      reported_milli_mb: '0',
      local_counted_milli_mb: '0',
      report_count: 0,
      max_seq: '0',
      last_speed_milli_mb_s: '0',
      speed_sum: 0,
      speed_sq_sum: 0,
      interruptions: 0,
      reconciliation_status: 'ok',
      mismatch_milli_mb: '0',
      relay_counted: false,
      ...over,
    };
  },
};

export const sessionsOf = (...rows: ReportSessionRow[]): Map<string, ReportSessionRow> =>
  new Map(rows.map((r) => [r.id, r]));
