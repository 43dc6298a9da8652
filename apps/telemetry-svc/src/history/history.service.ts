import { Injectable } from '@nestjs/common';

import { telemetry, telemetryNames } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import { durationS, toSessionMessage } from '../common/session-row';
import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import { SessionsRepository } from '../sessions/sessions.repository';
import { HistoryRepository } from './history.repository';
import { reviewSession } from './quality-score';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseTime(value: string, field: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new TelemetryException(
      TelemetryErrorCode.InvalidArgument,
      `${field} is not a valid ISO-8601 time`,
    );
  return d;
}

/** Monday 00:00 UTC of the week of `d`. */
export function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

export const dayStart = (d: Date): Date =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/** Session history: list, summary (today/week), quality review; ledger reconciliation reads. */
@Injectable()
export class HistoryService {
  constructor(
    private readonly repo: HistoryRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async list(
    owner: UserId,
    req: Omit<telemetry.ListSessionsRequest, 'caller' | 'telegramId'>,
  ): Promise<telemetry.ListSessionsResponse> {
    const from = parseTime(req.from, 'from');
    const to = parseTime(req.to, 'to');
    if (from && to && from >= to)
      throw new TelemetryException(TelemetryErrorCode.InvalidArgument, 'from must be before to');
    // UNSPECIFIED = any status; an unknown value is refused.
    const status = telemetryNames.sessionStatus.toNameOr(req.status, '');
    if (req.status !== telemetry.SessionStatus.SESSION_STATUS_UNSPECIFIED && !status)
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        'status must be active, completed or failed',
      );
    const limit = Math.min(Math.max(req.limit || 20, 1), 10_000);
    const offset = Math.max(req.offset || 0, 0);
    const { rows, total } = await this.repo.list(owner, { from, to, status }, limit, offset);
    const now = new Date();
    return { sessions: rows.map((r) => toSessionMessage(r, now)), total };
  }

  async summary(owner: UserId): Promise<telemetry.GetSessionsSummaryResponse> {
    const now = new Date();
    const [today, week, avg] = await Promise.all([
      this.repo.sums(owner, dayStart(now)),
      this.repo.sums(owner, weekStart(now)),
      this.repo.averages(owner, new Date(now.getTime() - 30 * 86_400_000)),
    ]);
    const totals = (s: typeof today): telemetry.PeriodTotals => ({
      sessions: s.sessions,
      milliMb: s.milliMb,
      earnedMicroUsd: s.microUsd ?? undefined,
    });
    return {
      today: totals(today),
      week: totals(week),
      averageMilliMbPerSession: avg.milliMb,
      averageMicroUsdPerSession: avg.microUsd ?? undefined,
      activeSessions: avg.active,
    };
  }

  async review(owner: UserId, sessionId: string): Promise<telemetry.ReviewSessionResponse> {
    if (!UUID.test(sessionId)) throw TelemetryException.notFound();
    const row = await this.sessions.findOwned(owner, sessionId);
    if (!row) throw TelemetryException.notFound();
    const now = new Date();
    const r = reviewSession(row, durationS(row, now));
    await this.repo.saveReview(owner, sessionId, r.score, now);
    return {
      sessionId,
      qualityScore: r.score,
      interruptions: r.interruptions,
      missingReports: r.missingReports,
      milliMbPerMinute: r.milliMbPerMinute,
      speedStability: r.speedStability,
      reviewedAt: now.toISOString(),
    };
  }
}
