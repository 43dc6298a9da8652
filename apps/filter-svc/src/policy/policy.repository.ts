import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { FilterPolicyEntity } from './filter-policy.entity';
import type { PolicyDocument } from './policy.document';

@Injectable()
export class PolicyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  latest(manager: EntityManager = this.dataSource.manager): Promise<FilterPolicyEntity | null> {
    return manager
      .getRepository(FilterPolicyEntity)
      .findOne({ where: {}, order: { version: 'DESC' } });
  }

  async latestVersion(): Promise<number> {
    const rows: { v: number | null }[] = await this.dataSource
      .getRepository(FilterPolicyEntity)
      .createQueryBuilder('p')
      .select('MAX(p.version)', 'v')
      .getRawMany();
    return Number(rows[0]?.v ?? 0);
  }

  /** Inserts version 1 when the table is empty (concurrent boots insert it once). */
  async ensureInitial(document: PolicyDocument): Promise<void> {
    await this.dataSource
      .getRepository(FilterPolicyEntity)
      .createQueryBuilder()
      .insert()
      .values({ version: 1, document, createdBy: null, note: 'initial policy (seed defaults)' })
      .orIgnore()
      .execute();
  }

  /** Inserts a version; a concurrent insert of the same version fails on the primary key. */
  async insert(
    manager: EntityManager,
    row: { version: number; document: PolicyDocument; createdBy: number; note: string },
  ): Promise<FilterPolicyEntity> {
    const repo = manager.getRepository(FilterPolicyEntity);
    await repo.insert({ ...row, createdBy: String(row.createdBy) });
    return repo.findOneByOrFail({ version: row.version });
  }
}
