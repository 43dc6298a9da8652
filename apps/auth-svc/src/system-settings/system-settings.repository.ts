import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { SystemSettingEntity } from './system-setting.entity';

@Injectable()
export class SystemSettingsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  all(manager: EntityManager = this.ds.manager): Promise<SystemSettingEntity[]> {
    return manager.find(SystemSettingEntity);
  }

  /** The row locked for the update (absent: no row yet; the upsert below creates it). */
  lock(m: EntityManager, key: string): Promise<SystemSettingEntity | null> {
    return m.findOne(SystemSettingEntity, { where: { key }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts or replaces the row (two first writes of a key at once: the later one wins). */
  async put(m: EntityManager, row: SystemSettingEntity): Promise<void> {
    // Plain SQL: TypeORM's insert typing cannot express a jsonb Record column.
    await m.query(
      `INSERT INTO system_settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE
         SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [row.key, JSON.stringify(row.value), row.updatedAt, row.updatedBy],
    );
  }
}
