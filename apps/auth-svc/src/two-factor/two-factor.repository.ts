import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { TwoFactorEntity } from './two-factor.entity';

@Injectable()
export class TwoFactorRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  find(owner: UserId, manager: EntityManager = this.ds.manager): Promise<TwoFactorEntity | null> {
    return manager.findOne(TwoFactorEntity, { where: { telegramId: owner } });
  }

  lock(manager: EntityManager, owner: UserId): Promise<TwoFactorEntity | null> {
    return manager.findOne(TwoFactorEntity, {
      where: { telegramId: owner },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A new (not yet enabled) secret replaces any pending one. */
  async savePending(manager: EntityManager, owner: UserId, secretEnc: string): Promise<void> {
    await manager.upsert(
      TwoFactorEntity,
      { telegramId: owner, secretEnc, enabled: false, lastStep: 0, enabledAt: null },
      ['telegramId'],
    );
  }

  async update(
    manager: EntityManager,
    owner: UserId,
    patch: Partial<Pick<TwoFactorEntity, 'enabled' | 'lastStep' | 'enabledAt'>>,
  ): Promise<void> {
    await manager.update(TwoFactorEntity, { telegramId: owner }, patch);
  }

  async remove(manager: EntityManager, owner: UserId): Promise<void> {
    await manager.delete(TwoFactorEntity, { telegramId: owner });
  }

  async isEnabled(owner: UserId): Promise<boolean> {
    const row = await this.find(owner);
    return row?.enabled === true;
  }
}
