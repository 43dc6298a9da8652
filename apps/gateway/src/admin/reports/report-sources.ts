import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { ledgerNames, type auth, type ledger, type payout } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  keysetPages,
  type Column,
  type ReportName,
  type ReportSource,
  type Row,
} from './report-source';

type Req = FastifyRequest & AuthenticatedRequest;

export const ReportsLedger = narrowClient('ledger', ['exportTransactions', 'getAdminStats']);
export const ReportsAuth = narrowClient('auth', ['exportUsers', 'getAdminStats']);
export const ReportsTelemetry = narrowClient('telemetry', ['exportSessions', 'getAdminStats']);
export const ReportsPayout = narrowClient('payout', ['adminExportWithdraws']);

/** Rows per service page (the services allow up to 5000). */
export const EXPORT_PAGE_ROWS = 2000;
/** The admin stats RPCs cover at most this many days ending today (the daily report's window). */
export const DAILY_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
/** Each page may take a while on a large table; one page, not the whole export, has a deadline. */
const PAGE_DEADLINE_MS = 30_000;

export interface ReportQuery {
  readonly report: ReportName;
  readonly from: string;
  readonly to: string;
}

export const TRANSACTION_COLUMNS: readonly Column[] = [
  { header: 'created_at', kind: 'time' },
  { header: 'transfer_id', kind: 'text' },
  { header: 'telegram_id', kind: 'int' },
  { header: 'kind', kind: 'text' },
  { header: 'status', kind: 'text' },
  { header: 'amount_usd', kind: 'usd', total: true },
  { header: 'mb', kind: 'mb', total: true },
  { header: 'debit_account', kind: 'text' },
  { header: 'credit_account', kind: 'text' },
  { header: 'reference', kind: 'text' },
  { header: 'note', kind: 'text' },
];

export const transactionRow = (t: ledger.Transfer): Row => [
  t.createdAt,
  t.transferId,
  t.telegramId,
  ledgerNames.transferKind.toNameOr(t.kind, ''),
  ledgerNames.transferStatus.toNameOr(t.status, ''),
  t.amountMicroUsd,
  t.milliMb,
  t.debitAccount,
  t.creditAccount,
  t.reference,
  t.note,
];

export const USER_COLUMNS: readonly Column[] = [
  { header: 'created_at', kind: 'time' },
  { header: 'telegram_id', kind: 'int' },
  { header: 'username', kind: 'text' },
  { header: 'first_name', kind: 'text' },
  { header: 'role', kind: 'text' },
  { header: 'banned', kind: 'text' },
  { header: 'last_login', kind: 'time' },
  { header: 'last_login_device', kind: 'text' },
];

export const userRow = (u: auth.UserSummary): Row => [
  u.createdAt,
  u.telegramId,
  u.username,
  u.firstName,
  roleFromProto(u.role) ?? 'user',
  u.banned ? 'yes' : 'no',
  u.lastLogin,
  u.lastLoginDevice,
];

export const SESSION_COLUMNS: readonly Column[] = [
  { header: 'started_at', kind: 'time' },
  { header: 'session_id', kind: 'text' },
  { header: 'telegram_id', kind: 'int' },
  { header: 'device_id', kind: 'text' },
  { header: 'status', kind: 'text' },
  { header: 'ended_at', kind: 'time' },
  { header: 'duration_s', kind: 'int', total: true },
  { header: 'mb', kind: 'mb', total: true },
  { header: 'ip_address', kind: 'text' },
  { header: 'country', kind: 'text' },
  { header: 'network_type', kind: 'text' },
  { header: 'app_version', kind: 'text' },
  { header: 'stop_reason', kind: 'text' },
];

export const WITHDRAW_COLUMNS: readonly Column[] = [
  { header: 'created_at', kind: 'time' },
  { header: 'withdraw_id', kind: 'text' },
  { header: 'telegram_id', kind: 'int' },
  { header: 'status', kind: 'text' },
  { header: 'amount_usd', kind: 'usd', total: true },
  { header: 'fee_usd', kind: 'usd', total: true },
  { header: 'net_usdt', kind: 'usdt', total: true },
  { header: 'network', kind: 'text' },
  { header: 'wallet_address', kind: 'text' },
  { header: 'tx_hash', kind: 'text' },
  { header: 'processed_at', kind: 'time' },
  { header: 'failure_reason', kind: 'text' },
];

export const withdrawRow = (w: payout.Withdraw): Row => [
  w.createdAt,
  w.id,
  w.telegramId,
  w.status,
  w.amountMicroUsd,
  w.feeMicroUsd,
  w.netMicroUsdt,
  w.network,
  w.walletAddress,
  w.txHash,
  w.processedAt,
  w.failureReason,
];

export const DAILY_COLUMNS: readonly Column[] = [
  { header: 'date', kind: 'time' },
  { header: 'new_users', kind: 'int', total: true },
  { header: 'daily_active_users', kind: 'int' },
  { header: 'sessions', kind: 'int', total: true },
  { header: 'mb', kind: 'mb', total: true },
  { header: 'credited_usd', kind: 'usd', total: true },
  { header: 'bonus_usd', kind: 'usd', total: true },
  { header: 'payouts_usd', kind: 'usd', total: true },
];

/** The UTC days the daily report covers: those of [from, to), all within the stats window. */
export function dailyDays(from: string, to: string, now = new Date()): string[] {
  const today = Date.parse(now.toISOString().slice(0, 10));
  const first = Date.parse(new Date(Date.parse(from)).toISOString().slice(0, 10));
  if (today - first >= DAILY_WINDOW_DAYS * DAY_MS) {
    throw new HttpException(
      {
        status: 'error',
        code: 'daily_window_exceeded',
        message: `the daily report covers the last ${DAILY_WINDOW_DAYS} days (UTC) only`,
        max_days: DAILY_WINDOW_DAYS,
      },
      400,
    );
  }
  const end = Date.parse(to);
  const days: string[] = [];
  for (let d = first; d < end && d <= today; d += DAY_MS) {
    days.push(new Date(d).toISOString().slice(0, 10));
  }
  return days;
}

/** The five reports, each read from the service that owns its rows (no table is shared). */
@Injectable()
export class ReportSources {
  constructor(
    @Inject(ReportsLedger.token) private readonly ledger: typeof ReportsLedger.type,
    @Inject(ReportsAuth.token) private readonly auth: typeof ReportsAuth.type,
    @Inject(ReportsTelemetry.token) private readonly telemetry: typeof ReportsTelemetry.type,
    @Inject(ReportsPayout.token) private readonly payout: typeof ReportsPayout.type,
  ) {}

  of(q: ReportQuery, request: Req): ReportSource {
    const caller = callerOf(request);
    const opts = callOptions(request, PAGE_DEADLINE_MS);
    const page = { caller, from: q.from, to: q.to, limit: EXPORT_PAGE_ROWS };
    switch (q.report) {
      case 'transactions':
        return {
          name: 'transactions',
          title: 'Transactions',
          columns: TRANSACTION_COLUMNS,
          chart: { label: 'Amount (USD) per day', dateColumn: 0, valueColumn: 5 },
          pages: () =>
            keysetPages(async (after) => {
              const r = await this.ledger.exportTransactions({ ...page, after }, opts);
              return { items: r.transactions, next: r.next };
            }, transactionRow),
        };
      case 'users':
        return {
          name: 'users',
          title: 'New users',
          columns: USER_COLUMNS,
          chart: { label: 'New users per day', dateColumn: 0 },
          pages: () =>
            keysetPages(async (after) => {
              const r = await this.auth.exportUsers({ ...page, after }, opts);
              return { items: r.users, next: r.next };
            }, userRow),
        };
      case 'sessions':
        return {
          name: 'sessions',
          title: 'Sessions',
          columns: SESSION_COLUMNS,
          chart: { label: 'MB per day', dateColumn: 0, valueColumn: 7 },
          pages: () =>
            keysetPages(
              async (after) => {
                const r = await this.telemetry.exportSessions({ ...page, after }, opts);
                return { items: r.sessions, next: r.next };
              },
              (s): Row => [
                s.startedAt,
                s.sessionId,
                s.telegramId,
                s.deviceId,
                s.status,
                s.endedAt,
                s.durationS,
                s.serverCountedMilliMb,
                s.ipAddress,
                s.country,
                s.networkType,
                s.appVersion,
                s.stopReason,
              ],
            ),
        };
      case 'withdraws':
        return {
          name: 'withdraws',
          title: 'Withdrawals',
          columns: WITHDRAW_COLUMNS,
          chart: { label: 'Withdrawn (USD) per day', dateColumn: 0, valueColumn: 4 },
          pages: () =>
            keysetPages(async (after) => {
              const r = await this.payout.adminExportWithdraws({ ...page, after }, opts);
              return { items: r.withdraws, next: r.next };
            }, withdrawRow),
        };
      case 'daily': {
        const days = dailyDays(q.from, q.to);
        return {
          name: 'daily',
          title: 'Daily totals',
          columns: DAILY_COLUMNS,
          chart: { label: 'Credited to users (USD) per day', dateColumn: 0, valueColumn: 5 },
          pages: () => this.dailyRows(days, request),
        };
      }
    }
  }

  /**
   * One row per day from the admin stats RPCs of auth (new and active users), telemetry
   * (sessions, MB) and the ledger (credited, bonus, paid out): a report is complete or fails,
   * so an unavailable service fails the export instead of leaving its columns empty.
   */
  private async *dailyRows(days: readonly string[], request: Req): AsyncGenerator<readonly Row[]> {
    if (days.length === 0) return;
    const caller = callerOf(request);
    const opts = callOptions(request, PAGE_DEADLINE_MS);
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const span = Math.round((today - Date.parse(days[0])) / DAY_MS) + 1;
    const [a, t, l] = await Promise.all([
      this.auth.getAdminStats({ caller, days: span }, opts),
      this.telemetry.getAdminStats({ caller, days: span }, opts),
      this.ledger.getAdminStats({ caller, days: span }, opts),
    ]);
    const byDate = <T extends { date: string }>(xs: readonly T[]) =>
      new Map(xs.map((x) => [x.date, x]));
    const newUsers = byDate(a.newUsers);
    const active = byDate(a.activeUsers);
    const traffic = byDate(t.days);
    const money = byDate(l.days);
    yield days.map((d): Row => {
      const tr = traffic.get(d);
      const m = money.get(d);
      return [
        d,
        newUsers.get(d)?.count ?? 0,
        active.get(d)?.count ?? 0,
        tr?.sessions ?? 0,
        tr?.sentMilliMb ?? 0,
        m?.incomeMicroUsd ?? 0,
        m?.bonusMicroUsd ?? 0,
        m?.withdrawnMicroUsd ?? 0,
      ];
    });
  }
}
