import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, JobSchedules, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { SessionRow } from '../common/session-row';
import type { AppConfig } from '../config';
import { SessionCloser } from './session-closer';
import { SessionsRepository } from './sessions.repository';

const PAGE = 200;

/**
 * Closes sessions silent for SESSION_TIMEOUT_S as `failed` (reason timeout), a page at a time.
 * Safe with several replicas: each page is locked with FOR UPDATE SKIP LOCKED.
 */
@Injectable()
export class SessionTimeoutWorker implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private stopped = false;

  constructor(
    private readonly repo: SessionsRepository,
    private readonly closer: SessionCloser,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    schedules: JobSchedules,
  ) {
    this.periodic = new Periodic(
      () => this.sweep(),
      config.SESSION_SWEEP_MS,
      (err) => logger.error({ err }, 'session timeout sweep failed'),
    );
    // The `cron` system setting may change the interval at run time.
    schedules.register('session_timeout_sweep', this.periodic);
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.periodic.stop();
  }

  /** Closes every timed-out session; resolves with how many. */
  async sweep(): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const now = new Date();
      const cutoff = new Date(now.getTime() - this.config.SESSION_TIMEOUT_S * 1000);
      const price = await this.closer.priceNow(now);
      const closed: SessionRow[] = await this.repo.transaction(async (m) => {
        const rows = await this.repo.timedOut(m, cutoff, PAGE);
        const out: SessionRow[] = [];
        for (const row of rows)
          out.push(
            await this.closer.close(m, row, { status: 'failed', reason: 'timeout', now, price }),
          );
        return out;
      });
      for (const row of closed) await this.closer.afterClose(row);
      total += closed.length;
      if (closed.length > 0)
        this.logger.info({ closed: closed.length }, 'timed-out sessions closed as failed');
      if (closed.length < PAGE) break;
    }
    return total;
  }
}
