import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { scrapeGauge } from '@trafficshare/observability';

import { ReviewsRepository } from './reviews.repository';

const pending = scrapeGauge(
  'filter_review_pending',
  'Open review tickets (pending_admin STARTs waiting for an admin), read at scrape time',
);
const oldest = scrapeGauge(
  'filter_review_oldest_pending_seconds',
  'Age of the oldest open review ticket (0 when none), read at scrape time',
);

/** The review queue on the ops port: a long queue means the thresholds need a look. */
@Injectable()
export class ReviewsGauges implements OnModuleInit, OnModuleDestroy {
  private readonly off: Array<() => void> = [];

  constructor(private readonly repo: ReviewsRepository) {}

  onModuleInit(): void {
    this.off.push(
      pending.source(async () => (await this.repo.pendingStats()).count),
      oldest.source(async () => (await this.repo.pendingStats()).oldestAgeS),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.off.splice(0)) off();
  }
}
