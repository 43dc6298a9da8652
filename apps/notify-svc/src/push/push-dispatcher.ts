import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Redis } from 'ioredis';

import type { UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { publishLive } from '@trafficshare/realtime';
import { CONFIG, LOGGER, Periodic, REDIS } from '@trafficshare/service-kit';

import { NOTIFY_METRICS } from '../common/notify.metrics';

import type { AppConfig } from '../config';
import { DevicesRepository } from '../devices/devices.repository';
import {
  NotificationsRepository,
  type NotificationRow,
  type PushStatus,
} from '../notifications/notifications.repository';
import { RecipientsRepository } from '../recipients/recipients.repository';
import type { PushMessage } from './fcm-sender';
import { PushGateway } from './push-gateway';

const CLAIM = 500;
const DAY_MS = 86_400_000;

/**
 * Pushes queued notifications to their owners' devices every PUSH_DISPATCH_MS (rows locked with
 * SKIP LOCKED, so replicas share the queue) — except to owners who turned push off, whose
 * notifications stay in-app — publishes each shown notification on the owner's live WebSocket
 * channel (`notification`), deletes tokens FCM reports gone, and once an hour
 * drops tokens not refreshed for DEVICE_TOKEN_TTL_DAYS. A crash between the send and the commit
 * sends that page again: a push may arrive twice, a notification is never lost.
 */
@Injectable()
export class PushDispatcher implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private lastSweep = 0;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly devices: DevicesRepository,
    private readonly push: PushGateway,
    private readonly recipients: RecipientsRepository,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.tick(),
      config.PUSH_DISPATCH_MS,
      (err) => logger.error({ err }, 'push dispatch failed; retrying'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  async tick(): Promise<void> {
    while ((await this.dispatch()) === CLAIM) {
      /* a full page: more may be waiting */
    }
    if (Date.now() - this.lastSweep > 3_600_000) {
      this.lastSweep = Date.now();
      const dropped = await this.devices.removeStale(
        new Date(Date.now() - this.config.DEVICE_TOKEN_TTL_DAYS * DAY_MS),
      );
      NOTIFY_METRICS.tokensDeleted.inc({ reason: 'stale' }, dropped);
      if (dropped > 0) this.logger.info({ dropped }, 'dropped device tokens not refreshed in time');
    }
  }

  /** One page of the queue; resolves with how many notifications it took. */
  async dispatch(): Promise<number> {
    const handled = await this.notifications.transaction(async (m) => {
      const queued = await this.notifications.claimQueued(m, CLAIM);
      if (queued.length === 0) return [];
      const owners = [...new Set(queued.map((n) => Number(n.telegram_id) as UserId))];
      const muted = await this.recipients.pushOff(m, owners);
      // On the claim's own connection: a second one from the pool inside this transaction
      // could wait on connections that other transactions hold.
      const targets = await this.devices.pushTargets(
        owners.filter((o) => !muted.has(o)),
        m,
      );
      const byOwner = new Map<number, string[]>();
      for (const t of targets)
        byOwner.set(t.telegramId, [...(byOwner.get(t.telegramId) ?? []), t.fcmToken]);
      const messages: (PushMessage & { notificationId: string })[] = queued.flatMap((n) =>
        (byOwner.get(Number(n.telegram_id)) ?? []).map((token) => ({
          notificationId: n.id,
          token,
          title: n.title,
          body: n.body,
          data: { ...n.data, notification_id: n.id },
          silent: n.silent,
        })),
      );
      const outcomes = await this.push.send(messages);
      const sent = new Set<string>();
      const gone: string[] = [];
      outcomes.forEach((outcome, i) => {
        const message = messages[i];
        if (outcome === 'sent') sent.add(message.notificationId);
        if (outcome === 'token_gone') gone.push(message.token);
      });
      countPush('queued', outcomes);
      NOTIFY_METRICS.tokensDeleted.inc(
        { reason: 'gone' },
        await this.devices.removeTokens(gone, m),
      );
      const withDevices = new Set(messages.map((msg) => msg.notificationId));
      const status = (n: NotificationRow): PushStatus =>
        muted.has(Number(n.telegram_id))
          ? 'push_off'
          : sent.has(n.id)
            ? 'sent'
            : withDevices.has(n.id)
              ? 'failed'
              : 'no_device';
      const results = queued.map((n) => ({ id: n.id, status: status(n) }));
      await this.notifications.markPushed(m, results, new Date());
      for (const r of results) NOTIFY_METRICS.dispatched.inc({ outcome: r.status });
      return queued;
    });
    await this.deliverLive(handled);
    return handled.length;
  }

  /** The shown (not silent) notifications on their owners' WebSockets, after the commit; the
   *  lag histogram measures from the event to this moment. */
  async deliverLive(rows: readonly NotificationRow[]): Promise<void> {
    if (rows.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const n of rows) {
      if (n.silent) continue;
      void publishLive(pipeline as unknown as Redis, this.config.REDIS_KEY_PREFIX, n.telegram_id, {
        type: 'notification',
        data: {
          id: n.id,
          kind: n.type,
          title: n.title,
          body: n.body,
          sent_at: new Date(n.created_at).toISOString(),
        },
      });
    }
    try {
      await pipeline.exec();
    } catch (err) {
      this.logger.warn({ err, count: rows.length }, 'live notification publish failed');
    }
    const now = Date.now();
    for (const n of rows)
      NOTIFY_METRICS.lag.observe(
        { type: n.type },
        Math.max(0, now - new Date(n.event_at ?? n.created_at).getTime()) / 1000,
      );
  }
}

/** Counts a batch's outcomes (per token). */
export function countPush(kind: 'queued' | 'admin', outcomes: readonly string[]): void {
  const n = { sent: 0, token_gone: 0, error: 0 };
  for (const o of outcomes) n[o === 'sent' || o === 'token_gone' ? o : 'error'] += 1;
  if (n.sent) NOTIFY_METRICS.pushSent.inc({ kind }, n.sent);
  if (n.token_gone) NOTIFY_METRICS.pushFailed.inc({ kind, reason: 'token_gone' }, n.token_gone);
  if (n.error) NOTIFY_METRICS.pushFailed.inc({ kind, reason: 'error' }, n.error);
}
