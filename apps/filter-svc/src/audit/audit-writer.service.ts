import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { Transactions } from '@trafficshare/database';
import type { EventMessage, Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, OUTBOX } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { filterMetrics } from '../metrics/filter.metrics';
import { AuditRepository } from './audit.repository';
import type { FilterAuditEntity } from './filter-audit.entity';

export interface AuditRecord {
  readonly row: FilterAuditEntity;
  /** FilterDecided event (not for dry runs). */
  readonly event?: EventMessage<'FilterDecided'>;
}

const MAX_BATCH = 500;
const MAX_TRIES = 3;

/**
 * Writes audit rows and their FilterDecided events in batches, one transaction per batch,
 * every AUDIT_FLUSH_MS: a START never waits for Postgres. Pending queues drain on shutdown;
 * admin reads flush first so they see every decision of this instance.
 */
@Injectable()
export class AuditWriter implements OnModuleInit, OnModuleDestroy {
  private queue: { record: AuditRecord; tries: number }[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    private readonly repo: AuditRepository,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.config.AUDIT_FLUSH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  enqueue(record: AuditRecord): void {
    this.queue.push({ record, tries: 0 });
    if (this.queue.length >= MAX_BATCH) void this.flush();
  }

  /** Writes one record inside the caller's transaction (pending tickets need it at once). */
  async writeNow(manager: EntityManager, record: AuditRecord): Promise<void> {
    await this.repo.insertMany(manager, [record.row]);
    if (record.event)
      await this.outbox.add(manager, 'FilterDecided', record.event, { eventId: record.row.id });
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.drain());
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.tx.run(async (m) => {
          await this.repo.insertMany(
            m,
            batch.map((b) => b.record.row),
          );
          const events = batch.flatMap((b) =>
            b.record.event
              ? [
                  {
                    type: 'FilterDecided' as const,
                    message: b.record.event,
                    eventId: b.record.row.id,
                  },
                ]
              : [],
          );
          await this.outbox.addMany(m, events);
        });
      } catch (err) {
        filterMetrics.auditWriteErrors.inc();
        const retry = batch.filter((b) => ++b.tries < MAX_TRIES);
        this.logger.error({ err, rows: batch.length, retried: retry.length }, 'audit batch failed');
        this.queue.unshift(...retry);
        return;
      }
    }
  }
}
