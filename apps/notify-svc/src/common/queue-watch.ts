import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { BotRepository } from '../telegram/bot.repository';
import { NOTIFY_METRICS } from './notify.metrics';

/**
 * Sets the delivery queues' gauges (waiting items, oldest age) every QUEUE_WATCH_MS, on its own
 * timer: a dispatcher that hangs stops draining its queue, and the growing age is what the
 * NotifyQueueStuck alert fires on.
 */
@Injectable()
export class QueueWatch implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly bot: BotRepository,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.measure(),
      config.QUEUE_WATCH_MS,
      (err) => logger.warn({ err }, 'queue gauges not updated'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  async measure(): Promise<void> {
    const [push, bot] = await Promise.all([this.notifications.pushQueue(), this.bot.dueQueue()]);
    for (const [queue, q] of [
      ['push', push],
      ['bot', bot],
    ] as const) {
      NOTIFY_METRICS.queueBacklog.set({ queue }, q.waiting);
      NOTIFY_METRICS.queueOldest.set({ queue }, Math.round(q.oldestS));
    }
  }
}
