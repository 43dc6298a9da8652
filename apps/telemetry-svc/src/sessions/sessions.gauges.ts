import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { scrapeGauge } from '@trafficshare/observability';

import { SessionsRepository } from './sessions.repository';

const activeSessions = scrapeGauge(
  'telemetry_active_sessions',
  'Sessions running now (status active), read from the database at scrape time',
);

/** Puts the number of running sessions on the ops port (Money path dashboard). */
@Injectable()
export class SessionsGauges implements OnModuleInit, OnModuleDestroy {
  private off: (() => void) | undefined;

  constructor(private readonly repo: SessionsRepository) {}

  onModuleInit(): void {
    this.off = activeSessions.source(() => this.repo.activeCount());
  }

  onModuleDestroy(): void {
    this.off?.();
  }
}
