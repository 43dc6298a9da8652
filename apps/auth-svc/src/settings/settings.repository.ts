import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { UserSettingsEntity } from './user-settings.entity';

@Injectable()
export class SettingsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async createDefaults(
    manager: EntityManager,
    telegramId: number,
    language: string,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(UserSettingsEntity)
      .values({ telegramId, language })
      .orIgnore()
      .execute();
  }

  find(
    telegramId: number,
    manager: EntityManager = this.ds.manager,
  ): Promise<UserSettingsEntity | null> {
    return manager.findOne(UserSettingsEntity, { where: { telegramId } });
  }

  /** The user's settings row, created with defaults if missing, locked for update. */
  async lockOrCreate(manager: EntityManager, telegramId: number): Promise<UserSettingsEntity> {
    await this.createDefaults(manager, telegramId, 'en');
    return (await manager.findOne(UserSettingsEntity, {
      where: { telegramId },
      lock: { mode: 'pessimistic_write' },
    }))!;
  }

  async update(
    manager: EntityManager,
    telegramId: number,
    patch: Partial<UserSettingsEntity>,
  ): Promise<void> {
    await manager.update(UserSettingsEntity, { telegramId }, patch);
  }
}
