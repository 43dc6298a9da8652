import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { DomainException } from '@trafficshare/grpc';
import { userId } from '@trafficshare/identity';

import type { events, telemetryInternal } from '@trafficshare/contracts';

import { OutboxWriter } from '../common/outbox-writer';
import { utcDay } from '../common/units';
import { SessionsRepository } from '../sessions/sessions.repository';
import { RELAY_SEQ_BASE, relayCredit } from './relay-credits';
import { RelayRepository } from './relay.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SESSIONS = 10_000;

export enum RelayErrorCode {
  InvalidBatch = 'invalid_relay_batch',
}

/** What the relay needs of sessions: may a device tunnel for this session, and its traffic. */
@Injectable()
export class RelayService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly repo: RelayRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async session(
    req: telemetryInternal.GetRelaySessionRequest,
  ): Promise<telemetryInternal.GetRelaySessionResponse> {
    if (!UUID.test(req.sessionId) || !Number.isSafeInteger(req.telegramId) || req.telegramId <= 0)
      return { found: false, running: false, deviceId: '', country: '' };
    const row = await this.sessions.findOwned(userId(req.telegramId), req.sessionId);
    if (!row) return { found: false, running: false, deviceId: '', country: '' };
    return {
      found: true,
      running: row.status === 'active',
      deviceId: row.device_id,
      country: row.country,
    };
  }

  /** Adds one batch of per-session bytes, once. Each row must name the session's owner. */
  async record(req: telemetryInternal.RecordRelayedTrafficRequest): Promise<boolean> {
    const invalid = (message: string) =>
      new DomainException('invalid_argument', RelayErrorCode.InvalidBatch, message);
    if (!UUID.test(req.batchId)) throw invalid('batch_id must be a UUID');
    if (req.sessions.length > MAX_SESSIONS)
      throw invalid(`at most ${MAX_SESSIONS} sessions per batch`);
    for (const s of req.sessions) {
      const counts = [s.bytesUp, s.bytesDown];
      if (!UUID.test(s.sessionId) || !Number.isSafeInteger(s.telegramId) || s.telegramId <= 0)
        throw invalid('each row needs a session id and its owner');
      if (counts.some((n) => !Number.isSafeInteger(n) || n < 0))
        throw invalid('bytes must be integers ≥ 0');
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repo.transaction((m) => this.apply(m, req, new Date()));
      } catch (err) {
        // Deadlock with a report batch (daily rows): the batch rolled back whole; run it again.
        const code = (err as { code?: string }).code;
        if (attempt < 3 && (code === '40P01' || code === '40001')) continue;
        throw err;
      }
    }
  }

  /**
   * One batch, once (claimed by its id): the bytes are added to each session's relayed totals,
   * and every whole milli-MB they add becomes a credit of the session — a report row with a
   * relay seq, the session's server count, the day's traffic and one ReportsIngested item, all
   * in this transaction. The ledger pays those items; the client's own reports of a relayed
   * session count nothing from then on and are reconciled against this count.
   */
  private async apply(
    m: EntityManager,
    req: telemetryInternal.RecordRelayedTrafficRequest,
    now: Date,
  ): Promise<boolean> {
    if (!(await this.repo.claimBatch(m, req.batchId, now))) return false;
    const sorted = [...req.sessions].sort((a, b) => a.sessionId.localeCompare(b.sessionId));
    const owners = await this.repo.lockSessions(
      m,
      sorted.map((s) => s.sessionId),
    );
    const ingested: events.ReportIngested[] = [];
    const countedAt = now.toISOString();
    for (const s of sorted) {
      // A row naming someone else's session (or none) is dropped, never credited.
      if (owners.get(s.sessionId) !== s.telegramId) continue;
      const telegramId = userId(s.telegramId);
      const totals = await this.repo.add(
        m,
        { sessionId: s.sessionId, telegramId, bytesUp: s.bytesUp, bytesDown: s.bytesDown },
        now,
      );
      if (!totals) continue;
      const milliMb = relayCredit(totals.totalBytes, totals.creditedMilliMb);
      if (milliMb === 0) {
        await this.repo.markRelayCounted(m, s.sessionId);
        continue;
      }
      const credits = totals.credits + 1;
      const seq = RELAY_SEQ_BASE + credits;
      await this.repo.credit(
        m,
        {
          sessionId: s.sessionId,
          telegramId,
          seq,
          milliMb,
          creditedMilliMb: totals.creditedMilliMb + milliMb,
          credits,
          day: utcDay(now),
        },
        now,
      );
      ingested.push({
        sessionId: s.sessionId,
        telegramId: s.telegramId,
        deviceId: '',
        seq,
        deltaMilliMb: milliMb,
        countedAt,
      });
    }
    if (ingested.length > 0)
      await this.outbox.addMany(m, [
        { type: 'ReportsIngested', message: { reports: ingested }, occurredAt: now },
      ]);
    return true;
  }
}
