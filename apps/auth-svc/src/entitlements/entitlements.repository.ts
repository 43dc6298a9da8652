import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { userId, type UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { SubscriptionHistoryEntity } from './subscription-history.entity';
import { SubscriptionModelEntity } from './subscription-model.entity';
import { UserSubscriptionEntity } from './user-subscription.entity';

export interface ActiveSubscription {
  readonly sub: UserSubscriptionEntity;
  readonly model: SubscriptionModelEntity;
}

@Injectable()
export class EntitlementsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  findModel(
    id: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<SubscriptionModelEntity | null> {
    return manager.findOne(SubscriptionModelEntity, { where: { id } });
  }

  /** Active, unexpired subscriptions of one user. */
  async active(
    owner: UserId,
    manager: EntityManager = this.ds.manager,
  ): Promise<ActiveSubscription[]> {
    const rows = await manager
      .createQueryBuilder(UserSubscriptionEntity, 's')
      .innerJoinAndMapOne('s.model', SubscriptionModelEntity, 'm', 'm.id = s.model_id')
      .where(
        's.telegram_id = :telegramId AND s.is_active AND (s.expiry_date IS NULL OR s.expiry_date > now())',
        { telegramId: owner },
      )
      .orderBy('s.created_at', 'ASC')
      .getMany();
    return rows.map((s) => ({
      sub: s,
      model: (s as UserSubscriptionEntity & { model: SubscriptionModelEntity }).model,
    }));
  }

  /**
   * Every user's active rows whose expiry has passed, oldest expiry first (the expiry sweep's
   * work; admin-wide).
   */
  async dueAll(
    now: Date,
    limit: number,
  ): Promise<Array<Pick<UserSubscriptionEntity, 'id' | 'telegramId' | 'modelId'>>> {
    const rows: Array<{ id: string; telegram_id: string; model_id: string }> = await this.ds.query(
      `SELECT id, telegram_id, model_id FROM user_subscriptions
       WHERE is_active AND expiry_date <= $1 ORDER BY expiry_date, id LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      telegramId: userId(Number(r.telegram_id)),
      modelId: r.model_id,
    }));
  }

  /** The active row of (user, model), expired or not, locked. */
  lockActive(
    manager: EntityManager,
    owner: UserId,
    modelId: string,
  ): Promise<UserSubscriptionEntity | null> {
    return manager.findOne(UserSubscriptionEntity, {
      where: { telegramId: owner, modelId, isActive: true },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async insert(
    manager: EntityManager,
    owner: UserId,
    row: Pick<UserSubscriptionEntity, 'modelId' | 'grantedBy' | 'expiryDate'>,
  ): Promise<void> {
    await manager.insert(UserSubscriptionEntity, { ...row, telegramId: owner, isActive: true });
  }

  async update(
    manager: EntityManager,
    owner: UserId,
    id: string,
    patch: Partial<Pick<UserSubscriptionEntity, 'expiryDate' | 'isActive' | 'grantedBy'>>,
  ): Promise<void> {
    await manager.update(UserSubscriptionEntity, { id, telegramId: owner }, patch);
  }

  async addHistory(
    manager: EntityManager,
    owner: UserId,
    row: Pick<
      SubscriptionHistoryEntity,
      'adminId' | 'oldSubscriptions' | 'newSubscriptions' | 'reason' | 'ipAddress'
    >,
  ): Promise<void> {
    await manager.insert(SubscriptionHistoryEntity, { ...row, telegramId: owner });
  }

  history(owner: UserId, limit: number, offset: number): Promise<SubscriptionHistoryEntity[]> {
    return this.ds.manager.find(SubscriptionHistoryEntity, {
      where: { telegramId: owner },
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
  }
}
