import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { isUserId, type RoleName, type UserId } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { AdminsRepository } from '../admins/admins.repository';
import type { AppConfig } from '../config';

/** ADMIN_IDS are superadmins; the admins table adds moderators (and API-made superadmins). */
@Injectable()
export class RoleResolver {
  private readonly superadmins: ReadonlySet<UserId>;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    private readonly admins: AdminsRepository,
  ) {
    this.superadmins = new Set(config.ADMIN_IDS.filter(isUserId));
  }

  isEnvSuperadmin(user: UserId): boolean {
    return this.superadmins.has(user);
  }

  get envSuperadmins(): readonly UserId[] {
    return [...this.superadmins];
  }

  async roleOf(user: UserId, manager?: EntityManager): Promise<RoleName> {
    if (this.superadmins.has(user)) return 'superadmin';
    const admin = await this.admins.find(user, manager);
    return admin?.role ?? 'user';
  }
}
