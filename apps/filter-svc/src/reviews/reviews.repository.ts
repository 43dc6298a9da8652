import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE } from '@trafficshare/service-kit';

import { FilterReviewEntity } from './filter-review.entity';

export interface ReviewQuery {
  readonly status: 'pending' | 'approved' | 'rejected' | 'all';
  /** One user's tickets; undefined = every user's (the admin queue). */
  readonly telegramId?: UserId;
  readonly limit: number;
  readonly offset: number;
}

@Injectable()
export class ReviewsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, row: FilterReviewEntity): Promise<void> {
    await manager.getRepository(FilterReviewEntity).insert(row);
  }

  list(q: ReviewQuery): Promise<[FilterReviewEntity[], number]> {
    const where: FindOptionsWhere<FilterReviewEntity> = {};
    if (q.status !== 'all') where.status = q.status;
    if (q.telegramId) where.telegramId = String(q.telegramId);
    return this.dataSource.getRepository(FilterReviewEntity).findAndCount({
      where,
      // Oldest pending first: the queue is worked in arrival order.
      order: { createdAt: q.status === 'pending' ? 'ASC' : 'DESC' },
      take: q.limit,
      skip: q.offset,
    });
  }

  /** Open tickets and how long the oldest has waited (the review queue gauges). */
  async pendingStats(): Promise<{ count: number; oldestAgeS: number }> {
    const rows: Array<{ n: string; age: string | null }> = await this.dataSource.query(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age
       FROM filter_review WHERE status = 'pending'`,
    );
    return { count: Number(rows[0]?.n ?? 0), oldestAgeS: Number(rows[0]?.age ?? 0) };
  }

  /** The ticket, row-locked for the rest of the transaction. */
  lockOne(manager: EntityManager, ticketId: string): Promise<FilterReviewEntity | null> {
    return manager
      .getRepository(FilterReviewEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.ticket_id = :ticketId', { ticketId })
      .getOne();
  }

  async save(manager: EntityManager, row: FilterReviewEntity): Promise<void> {
    await manager.getRepository(FilterReviewEntity).save(row);
  }
}
