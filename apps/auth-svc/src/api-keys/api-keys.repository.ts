import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async insert(
    manager: EntityManager,
    row: Omit<ApiKeyEntity, 'id' | 'createdAt' | 'usedMilliMb' | 'relayedBytes'>,
  ): Promise<ApiKeyEntity> {
    const result = await manager.insert(ApiKeyEntity, row);
    const id = (result.identifiers[0] as { id: string }).id;
    return (await manager.findOne(ApiKeyEntity, { where: { id } }))!;
  }

  lock(manager: EntityManager, id: string): Promise<ApiKeyEntity | null> {
    return manager.findOne(ApiKeyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(
    manager: EntityManager,
    id: string,
    patch: Partial<Pick<ApiKeyEntity, 'status' | 'limitMb' | 'expiryDate'>>,
  ): Promise<void> {
    await manager.update(ApiKeyEntity, { id }, patch);
  }

  async remove(manager: EntityManager, id: string): Promise<boolean> {
    return ((await manager.delete(ApiKeyEntity, { id })).affected ?? 0) > 0;
  }

  /** One owner's keys, newest first. */
  listOf(owner: UserId, limit: number, offset: number): Promise<[ApiKeyEntity[], number]> {
    return this.ds.manager.findAndCount(ApiKeyEntity, {
      where: { telegramId: owner },
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  /** Every owner's keys, newest first (admin-wide). */
  listAll(limit: number, offset: number): Promise<[ApiKeyEntity[], number]> {
    return this.ds.manager.findAndCount(ApiKeyEntity, {
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }
}
