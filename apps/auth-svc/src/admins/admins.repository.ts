import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { AdminEntity } from './admin.entity';

/** The admins table (API-made moderators and superadmins; ADMIN_IDS live in the config). */
@Injectable()
export class AdminsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Every admin row, oldest first (admin-wide: not one user's data). */
  listAll(): Promise<AdminEntity[]> {
    return this.ds.manager.find(AdminEntity, { order: { createdAt: 'ASC' } });
  }

  find(admin: UserId, manager: EntityManager = this.ds.manager): Promise<AdminEntity | null> {
    return manager.findOne(AdminEntity, { where: { telegramId: admin } });
  }

  /** The row locked for the rest of the transaction. */
  lock(manager: EntityManager, admin: UserId): Promise<AdminEntity | null> {
    return manager.findOne(AdminEntity, {
      where: { telegramId: admin },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(
    manager: EntityManager,
    row: Pick<AdminEntity, 'telegramId' | 'username' | 'phone' | 'role' | 'createdBy'>,
  ): Promise<void> {
    await manager.insert(AdminEntity, row);
  }

  async update(
    manager: EntityManager,
    admin: UserId,
    patch: Pick<AdminEntity, 'role' | 'username' | 'phone'>,
  ): Promise<void> {
    await manager.update(AdminEntity, { telegramId: admin }, patch);
  }

  async remove(manager: EntityManager, admin: UserId): Promise<void> {
    await manager.delete(AdminEntity, { telegramId: admin });
  }
}
