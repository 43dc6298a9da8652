import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { TwoFactorEntity } from './two-factor.entity';

@Injectable()
export class TwoFactorRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  find(
    telegramId: number,
    manager: EntityManager = this.ds.manager,
  ): Promise<TwoFactorEntity | null> {
    return manager.findOne(TwoFactorEntity, { where: { telegramId } });
  }

  lock(manager: EntityManager, telegramId: number): Promise<TwoFactorEntity | null> {
    return manager.findOne(TwoFactorEntity, {
      where: { telegramId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A new (not yet enabled) secret replaces any pending one. */
  async savePending(manager: EntityManager, telegramId: number, secretEnc: string): Promise<void> {
    await manager.upsert(
      TwoFactorEntity,
      { telegramId, secretEnc, enabled: false, lastStep: 0, enabledAt: null },
      ['telegramId'],
    );
  }

  async update(
    manager: EntityManager,
    telegramId: number,
    patch: Partial<Pick<TwoFactorEntity, 'enabled' | 'lastStep' | 'enabledAt'>>,
  ): Promise<void> {
    await manager.update(TwoFactorEntity, { telegramId }, patch);
  }

  async remove(manager: EntityManager, telegramId: number): Promise<void> {
    await manager.delete(TwoFactorEntity, { telegramId });
  }

  async isEnabled(telegramId: number): Promise<boolean> {
    const row = await this.find(telegramId);
    return row?.enabled === true;
  }
}
