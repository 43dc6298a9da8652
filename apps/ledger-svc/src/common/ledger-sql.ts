import { Inject, Injectable } from '@nestjs/common';

import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

/** Schema-qualified table names for raw SQL (the schema is prefixed in tests). */
@Injectable()
export class LedgerSql {
  readonly schema: string;

  constructor(@Inject(SERVICE_CONTEXT) ctx: ServiceContext) {
    if (!/^[a-z0-9_]+$/.test(ctx.schema)) throw new Error(`Unsafe schema name "${ctx.schema}"`);
    this.schema = ctx.schema;
  }

  /** `"schema"."table"` */
  t(table: string): string {
    return `"${this.schema}"."${table}"`;
  }
}
