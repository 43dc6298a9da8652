import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { UserSettingsEntity } from './user-settings.entity';

@Injectable()
export class SettingsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async createDefaults(manager: EntityManager, owner: UserId, language: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(UserSettingsEntity)
      .values({ telegramId: owner, language })
      .orIgnore()
      .execute();
  }

  find(
    owner: UserId,
    manager: EntityManager = this.ds.manager,
  ): Promise<UserSettingsEntity | null> {
    return manager.findOne(UserSettingsEntity, { where: { telegramId: owner } });
  }

  /** The user's settings row, created with defaults if missing, locked for update. */
  async lockOrCreate(manager: EntityManager, owner: UserId): Promise<UserSettingsEntity> {
    await this.createDefaults(manager, owner, 'en');
    return (await manager.findOne(UserSettingsEntity, {
      where: { telegramId: owner },
      lock: { mode: 'pessimistic_write' },
    }))!;
  }

  async update(
    manager: EntityManager,
    owner: UserId,
    patch: Partial<Omit<UserSettingsEntity, 'telegramId'>>,
  ): Promise<void> {
    await manager.update(UserSettingsEntity, { telegramId: owner }, patch);
  }
}
