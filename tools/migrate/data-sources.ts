import { loadConfig, SERVICES, type ServiceName } from '@trafficshare/config';
import { createServiceDataSource, schemaName } from '@trafficshare/database';
import { createInboxEntity, createOutboxEntity } from '@trafficshare/messaging';
import type { DataSource } from 'typeorm';

import { SCHEMAS } from './registry';

/** The DataSource a service uses at boot, built from the same config, for the CLI tools. */
export function serviceDataSource(
  service: ServiceName,
  overrides: { schemaPrefix?: string; env?: NodeJS.ProcessEnv } = {},
): { dataSource: DataSource; databaseUrl: string; schema: string } {
  const def = SCHEMAS[service];
  const config = loadConfig(def.configSpec, { env: overrides.env }) as {
    DATABASE_URL: string;
    DB_SCHEMA_PREFIX: string;
  };
  const schema = schemaName(
    overrides.schemaPrefix ?? config.DB_SCHEMA_PREFIX,
    SERVICES[service].schema,
  );
  const dataSource = createServiceDataSource({
    url: config.DATABASE_URL,
    schema,
    entities: [...def.entities, createOutboxEntity(schema), createInboxEntity(schema)],
    migrations: def.migrations,
    poolSize: 2,
    applicationName: `migrate:${service}`,
  });
  return { dataSource, databaseUrl: config.DATABASE_URL, schema };
}
