import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { CONFIG, DATA_SOURCE } from '@trafficshare/service-kit';

import { AdminEntity } from '../admins/admin.entity';
import type { AppConfig } from '../config';
import type { UserRole } from './user.entity';

/** ADMIN_IDS are superadmins; the admins table adds moderators (and API-made superadmins). */
@Injectable()
export class RoleResolver {
  private readonly superadmins: ReadonlySet<number>;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {
    this.superadmins = new Set(config.ADMIN_IDS);
  }

  isEnvSuperadmin(telegramId: number): boolean {
    return this.superadmins.has(telegramId);
  }

  get envSuperadmins(): readonly number[] {
    return [...this.superadmins];
  }

  async roleOf(telegramId: number, manager: EntityManager = this.ds.manager): Promise<UserRole> {
    if (this.superadmins.has(telegramId)) return 'superadmin';
    const admin = await manager.findOne(AdminEntity, { where: { telegramId } });
    return admin?.role ?? 'user';
  }
}
