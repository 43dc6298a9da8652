import { Inject, Injectable } from '@nestjs/common';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { FilterAuditEntity } from './filter-audit.entity';

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async insertMany(manager: EntityManager, rows: FilterAuditEntity[]): Promise<void> {
    // jsonb columns hold plain JSON; TypeORM's deep-partial type cannot express `unknown` values.
    if (rows.length > 0)
      await manager
        .getRepository(FilterAuditEntity)
        .insert(rows as QueryDeepPartialEntity<FilterAuditEntity>[]);
  }

  bySession(sessionId: string): Promise<FilterAuditEntity[]> {
    return this.dataSource
      .getRepository(FilterAuditEntity)
      .find({ where: { sessionId }, order: { createdAt: 'ASC' } });
  }

  async markOverride(manager: EntityManager, id: string, adminId: number): Promise<void> {
    await manager
      .getRepository(FilterAuditEntity)
      .update({ id }, { adminOverrideBy: String(adminId) });
  }

  /** Deletes up to `batch` rows older than `before`; returns how many went. */
  async purgeBefore(before: Date, batch: number): Promise<number> {
    const repo = this.dataSource.getRepository(FilterAuditEntity);
    const old = await repo.find({
      select: { id: true },
      where: { createdAt: LessThan(before) },
      take: batch,
    });
    if (old.length === 0) return 0;
    await repo.delete(old.map((r) => r.id));
    return old.length;
  }
}
