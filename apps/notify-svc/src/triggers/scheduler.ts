import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { NewsPublisher } from '../news/news-publisher';
import { EarningsReports } from './earnings-reports';
import { SessionSummaries } from './session-summaries';
import { TriggerStore } from './trigger-store';

const HOUR_MS = 3_600_000;

/** Time-driven notifications, every SCHEDULER_TICK_MS: scheduled announcements that became
 *  visible, earnings reports of finished periods, silent session summaries. Each step is safe
 *  on several replicas at once (row locks or source keys). */
@Injectable()
export class Scheduler implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private lastPrune = 0;

  constructor(
    private readonly news: NewsPublisher,
    private readonly reports: EarningsReports,
    private readonly summaries: SessionSummaries,
    private readonly store: TriggerStore,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.tick(new Date()),
      config.SCHEDULER_TICK_MS,
      (err) => logger.error({ err }, 'scheduled notifications failed; retrying'),
    );
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  async tick(now: Date): Promise<void> {
    await this.news.tick(now);
    await this.summaries.run(now);
    await this.reports.run(now);
    if (now.getTime() - this.lastPrune > HOUR_MS) {
      this.lastPrune = now.getTime();
      await this.store.pruneSessions(new Date(now.getTime() - HOUR_MS));
    }
  }
}
