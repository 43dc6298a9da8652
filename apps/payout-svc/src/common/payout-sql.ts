import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

/** The payout schema's table names and transactions (repositories share it). */
@Injectable()
export class PayoutSql {
  private readonly schema: string;

  constructor(
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
    @Inject(DATA_SOURCE) readonly ds: DataSource,
  ) {
    this.schema = ctx.schema;
  }

  t(table: string): string {
    return `"${this.schema}"."${table}"`;
  }

  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** A plain row list from any statement (TypeORM answers a bare UPDATE with [rows, count]). */
  async rows<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
    const out: unknown = await m.query(sql, params);
    if (
      Array.isArray(out) &&
      out.length === 2 &&
      Array.isArray(out[0]) &&
      typeof out[1] === 'number'
    )
      return out[0] as T[];
    return out as T[];
  }
}
