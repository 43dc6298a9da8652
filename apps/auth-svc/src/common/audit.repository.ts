import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

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
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Writes inside the caller's transaction when given one. */
  async add(entry: AuditEntry, manager: EntityManager = this.ds.manager): Promise<void> {
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
