import { Injectable } from '@nestjs/common';

import type { telemetryInternal } from '@trafficshare/contracts';

import { sessionStatusProto } from '../common/session-row';
import { TelemetryErrorCode, TelemetryException } from '../common/telemetry.exception';
import { HistoryRepository } from '../history/history.repository';
import { parseTime } from '../history/history.service';
import { ReportsRepository } from '../reports/reports.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ledger's reconciliation reads (TelemetryInternalService): every user's closed sessions and
 * their server-counted reports.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly history: HistoryRepository,
    private readonly reports: ReportsRepository,
  ) {}

  async closed(
    req: telemetryInternal.ListClosedSessionsRequest,
  ): Promise<telemetryInternal.ListClosedSessionsResponse> {
    const from = parseTime(req.closedFrom, 'closed_from') ?? new Date(0);
    const to = parseTime(req.closedTo, 'closed_to') ?? new Date();
    if (req.afterSessionId && !UUID.test(req.afterSessionId)) {
      throw new TelemetryException(
        TelemetryErrorCode.InvalidArgument,
        'after_session_id is not a session id',
      );
    }
    const limit = Math.min(Math.max(req.limit || 100, 1), 1000);
    const rows = await this.history.closedForReconciliation(from, to, req.afterSessionId, limit);
    return {
      sessions: rows.map((r) => ({
        sessionId: r.id,
        telegramId: Number(r.telegram_id),
        status: sessionStatusProto(r.status),
        serverCountedMilliMb: Number(r.server_counted_milli_mb),
        reportCount: r.report_count,
        closedAt: r.ended_at?.toISOString() ?? '',
      })),
      nextAfterSessionId: rows.length === limit ? rows[rows.length - 1].id : '',
    };
  }

  async reportsOf(sessionId: string): Promise<telemetryInternal.GetSessionReportsResponse> {
    if (!UUID.test(sessionId)) throw TelemetryException.notFound();
    const owner = await this.history.ownerOf(sessionId);
    if (owner === undefined) throw TelemetryException.notFound();
    const rows = await this.reports.reportsOf(sessionId);
    return {
      sessionId,
      telegramId: owner,
      reports: rows.map((r) => ({
        seq: Number(r.seq),
        deltaMilliMb: Number(r.counted_milli_mb),
        countedAt: r.counted_at.toISOString(),
      })),
    };
  }
}
