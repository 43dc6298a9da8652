import { Inject, Injectable } from '@nestjs/common';

import { isUserId, type UserId } from '@trafficshare/identity';
import { CONFIG, ServiceConsumers } from '@trafficshare/service-kit';

import { CATALOGUE } from '../common/catalogue';
import type { AppConfig } from '../config';
import { validDate } from './event-triggers';
import { Notifier } from './notifier';
import { TriggerStore } from './trigger-store';

const PAGE = 500;

/**
 * A silent (data-only) summary every SESSION_SUMMARY_S while a session runs and shares: the
 * app wakes and shows it as its own local notification. Sessions and their traffic come from
 * telemetry's events (SessionStarted, ReportsIngested, SessionStopped); only users with session
 * updates and push on get them (a silent message is nothing in-app).
 */
@Injectable()
export class SessionSummaries {
  constructor(
    consumers: ServiceConsumers,
    private readonly notifier: Notifier,
    private readonly store: TriggerStore,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    consumers.on('SessionStarted', { durable: 'notify-session-started' }, (e, tx) =>
      isUserId(e.message.telegramId)
        ? this.store.sessionStarted(tx, {
            sessionId: e.message.sessionId,
            telegramId: e.message.telegramId,
            at: validDate(e.message.startedAt) ?? e.occurredAt,
          })
        : Promise.resolve(),
    );
    consumers.onBatch(
      'ReportsIngested',
      { durable: 'notify-session-traffic', batch: { maxMessages: 200, maxWaitMs: 1_000 } },
      (events, tx) =>
        this.store.addTraffic(
          tx,
          events.flatMap((e) =>
            e.message.reports
              .filter((r) => isUserId(r.telegramId) && r.deltaMilliMb > 0)
              .map((r) => ({
                sessionId: r.sessionId,
                telegramId: r.telegramId as UserId,
                milliMb: r.deltaMilliMb,
                at: validDate(r.countedAt) ?? e.occurredAt,
              })),
          ),
        ),
    );
    consumers.on('SessionStopped', { durable: 'notify-session-stopped' }, (e, tx) =>
      isUserId(e.message.telegramId)
        ? this.store.sessionStopped(tx, {
            sessionId: e.message.sessionId,
            telegramId: e.message.telegramId,
            at: validDate(e.message.stoppedAt) ?? e.occurredAt,
          })
        : Promise.resolve(),
    );
  }

  /** Queues the summaries due at `now`; resolves with how many sessions it summarized. */
  async run(now: Date): Promise<number> {
    const intervalMs = this.config.SESSION_SUMMARY_S * 1000;
    let done = 0;
    for (;;) {
      const n = await this.store.transaction(async (tx) => {
        const due = await this.store.claimDueSessions(
          tx,
          new Date(now.getTime() - intervalMs),
          PAGE,
        );
        await this.notifier.many(
          tx,
          due.map((s) => {
            const delta = s.totalMilliMb - s.summarizedMilliMb;
            const minutes = Math.max(
              1,
              Math.round((now.getTime() - s.summarizedAt.getTime()) / 60_000),
            );
            return {
              owner: s.telegramId,
              build: (p) =>
                p.push
                  ? {
                      type: 'session_summary',
                      ...CATALOGUE.sessionSummary(p.language, minutes, delta, s.totalMilliMb),
                      silent: true,
                      data: {
                        type: 'session_summary',
                        session_id: s.sessionId,
                        delta_mb: (delta / 1000).toFixed(3),
                        total_mb: (s.totalMilliMb / 1000).toFixed(3),
                        timestamp: now.toISOString(),
                      },
                      sourceKey: `summary:${s.sessionId}:${s.summaries + 1}`,
                      eventAt: now,
                    }
                  : undefined,
            };
          }),
          'session',
        );
        await this.store.markSummarized(tx, due, now);
        return due.length;
      });
      done += n;
      if (n < PAGE) return done;
    }
  }
}
