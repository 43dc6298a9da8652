import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDataSourceOptions {
  readonly url: string;
  /** Postgres schema the service owns (already prefixed). */
  readonly schema: string;
  // TypeORM's own types for these lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: MixedList<Function | string>;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/** A TypeORM DataSource confined to one service schema; migrations tracked in that schema. */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize ?? 10,
      // Every connection of the service resolves unqualified names in its own schema first.
      options: `-c search_path=${options.schema},public`,
      connectionTimeoutMillis: 5_000,
    },
  });
}

/** The schema name for a service under a test/run prefix. */
export function schemaName(prefix: string, base: string): string {
  return `${prefix}${base}`;
}
