import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, JobSchedules, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { AuditRepository } from './audit.repository';

/** Deletes filter_audit rows older than AUDIT_RETENTION_DAYS (kept 30–90 days). */
@Injectable()
export class AuditRetentionService implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private running = false;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: AuditRepository,
    schedules: JobSchedules,
  ) {
    this.periodic = new Periodic(
      () => this.purge(),
      config.AUDIT_RETENTION_INTERVAL_MS,
      () => undefined,
    );
    // The `cron` system setting may change the interval at run time.
    schedules.register('filter_audit_cleanup', this.periodic);
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.periodic.stop();
  }

  /** One purge run; returns rows deleted. Several instances may run it: deletes are idempotent. */
  async purge(now = new Date()): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const before = new Date(now.getTime() - this.config.AUDIT_RETENTION_DAYS * 86_400_000);
      let total = 0;
      for (;;) {
        const n = await this.repo.purgeBefore(before, 1_000);
        total += n;
        if (n < 1_000) break;
      }
      if (total > 0)
        this.logger.info({ deleted: total, before: before.toISOString() }, 'filter_audit purged');
      return total;
    } catch (err) {
      this.logger.error({ err }, 'filter_audit purge failed');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
