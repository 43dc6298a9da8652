import { Injectable } from '@nestjs/common';

import type { ledger } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';

import { transferProto } from '../transfers/transfer.presenter';
import { LedgerAdminErrorCode, LedgerAdminException } from './ledger-admin.exception';
import {
  LedgerReportsRepository,
  type ExportCursor,
  type LedgerDayRow,
} from './ledger-reports.repository';

export const MAX_STATS_DAYS = 90;
export const MAX_EXPORT_PAGE = 5000;
const DAY_MS = 86_400_000;

const invalid = (code: LedgerAdminErrorCode, message: string) =>
  new LedgerAdminException(code, message);
const C = LedgerAdminErrorCode;

/** The UTC dates of the `days` days ending today (inclusive), as [first, last]. */
export function dayRange(days: number, now = new Date()): [string, string] {
  if (!Number.isInteger(days) || days < 1 || days > MAX_STATS_DAYS) {
    throw invalid(C.InvalidDays, `days must be 1-${MAX_STATS_DAYS}`);
  }
  const last = now.toISOString().slice(0, 10);
  const first = new Date(Date.parse(last) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  return [first, last];
}

function dayProto(d: LedgerDayRow): ledger.LedgerDay {
  return {
    date: d.date,
    incomeMicroUsd: d.incomeMicro,
    incomeMilliMb: d.incomeMilliMb,
    incomeUsers: d.incomeUsers,
    bonusMicroUsd: d.bonusMicro,
    withdrawnMicroUsd: d.withdrawnMicro,
    withdrawals: d.withdrawals,
  };
}

function encodeCursor(c: ExportCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

function decodeCursor(s: string): ExportCursor | undefined {
  if (s === '') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0]))
    ) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw invalid(C.InvalidCursor, 'after is not a cursor this RPC returned');
}

function parseTime(name: string, s: string): Date {
  const t = Date.parse(s);
  if (s === '' || Number.isNaN(t))
    throw invalid(C.InvalidRange, `${name} must be an RFC 3339 time`);
  return new Date(t);
}

/** The admin console's reads of the ledger: dashboard totals and series, export pages. */
@Injectable()
export class LedgerReportsService {
  constructor(private readonly reports: LedgerReportsRepository) {}

  async stats(caller: CallerInfo, days: number): Promise<ledger.GetAdminStatsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    const [first, last] = dayRange(days);
    const [totals, series] = await Promise.all([
      this.reports.totals(),
      this.reports.days(first, last),
    ]);
    const today = series[series.length - 1];
    return {
      userAvailableMicroUsd: totals.userAvailable,
      userHeldMicroUsd: totals.userHeld,
      pendingWithdrawHolds: totals.pendingHolds,
      today: today ? dayProto(today) : undefined,
      days: series.map(dayProto),
    };
  }

  async exportPage(
    caller: CallerInfo,
    r: ledger.ExportTransactionsRequest,
  ): Promise<ledger.ExportTransactionsResponse> {
    // Dashboard, reports and monitor numbers are the superadmin's, as at the gateway.
    requireRole(caller, 'superadmin');
    const from = parseTime('from', r.from);
    const to = parseTime('to', r.to);
    if (to <= from) throw invalid(C.InvalidRange, 'to must be after from');
    if (!Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_EXPORT_PAGE) {
      throw invalid(C.InvalidLimit, `limit must be 1-${MAX_EXPORT_PAGE}`);
    }
    const page = await this.reports.exportPage(from, to, decodeCursor(r.after), r.limit);
    const last = page[page.length - 1];
    return {
      transactions: page.map((p) => transferProto(p.row)),
      next: page.length === r.limit && last ? encodeCursor(last.cursor) : '',
    };
  }
}
