import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { Outbox } from '@trafficshare/messaging';
import { DATA_SOURCE, OUTBOX } from '@trafficshare/service-kit';

import { AuditLogEntity } from './audit-log.entity';

export interface AuditEntry {
  readonly actorId: number;
  readonly targetId: number;
  readonly action: string;
  readonly details?: Record<string, unknown>;
  readonly ip?: string;
}

@Injectable()
export class AuditRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  /**
   * Writes inside the caller's transaction when given one. An admin action (`admin.*`) is also
   * published as AdminActionRecorded in the same transaction, for the platform's audit chain.
   */
  async add(entry: AuditEntry, manager: EntityManager = this.ds.manager): Promise<void> {
    if (!entry.action.startsWith('admin.')) return this.insert(entry, manager);
    if (manager === this.ds.manager) {
      return this.ds.transaction((m) => this.addAdmin(entry, m));
    }
    return this.addAdmin(entry, manager);
  }

  private async addAdmin(entry: AuditEntry, m: EntityManager): Promise<void> {
    await this.insert(entry, m);
    await this.outbox.add(m, 'AdminActionRecorded', {
      service: 'auth-svc',
      actorId: entry.actorId,
      action: entry.action,
      target: `user:${entry.targetId}`,
      detailsJson: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? '',
      occurredAt: new Date().toISOString(),
    });
  }

  private async insert(entry: AuditEntry, manager: EntityManager): Promise<void> {
    // Plain SQL: TypeORM's insert typing cannot express a jsonb Record column.
    await manager.query(
      'INSERT INTO audit_log (actor_id, target_id, action, details, ip) VALUES ($1, $2, $3, $4, $5)',
      [
        entry.actorId,
        entry.targetId,
        entry.action,
        JSON.stringify(entry.details ?? {}),
        entry.ip ?? '',
      ],
    );
  }

  /** Newest first, for one target user. */
  listForTarget(targetId: number, limit: number): Promise<AuditLogEntity[]> {
    return this.ds.manager.find(AuditLogEntity, {
      where: { targetId },
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }
}
