// Every service's schema definition, for the migrate and migration:generate commands.
import type { ConfigSpec, ServiceName } from '@trafficshare/config';
import type { z } from 'zod';

import { configSpec as authConfig } from '../../apps/auth-svc/src/config';
import { ENTITIES as authEntities } from '../../apps/auth-svc/src/entities';
import { MIGRATIONS as authMigrations } from '../../apps/auth-svc/src/migrations';
import { configSpec as filterConfig } from '../../apps/filter-svc/src/config';
import { ENTITIES as filterEntities } from '../../apps/filter-svc/src/entities';
import { MIGRATIONS as filterMigrations } from '../../apps/filter-svc/src/migrations';
import { configSpec as ledgerConfig } from '../../apps/ledger-svc/src/config';
import { ENTITIES as ledgerEntities } from '../../apps/ledger-svc/src/entities';
import { MIGRATIONS as ledgerMigrations } from '../../apps/ledger-svc/src/migrations';
import { configSpec as notifyConfig } from '../../apps/notify-svc/src/config';
import { ENTITIES as notifyEntities } from '../../apps/notify-svc/src/entities';
import { MIGRATIONS as notifyMigrations } from '../../apps/notify-svc/src/migrations';
import { configSpec as payoutConfig } from '../../apps/payout-svc/src/config';
import { ENTITIES as payoutEntities } from '../../apps/payout-svc/src/entities';
import { MIGRATIONS as payoutMigrations } from '../../apps/payout-svc/src/migrations';
import { configSpec as telemetryConfig } from '../../apps/telemetry-svc/src/config';
import { ENTITIES as telemetryEntities } from '../../apps/telemetry-svc/src/entities';
import { MIGRATIONS as telemetryMigrations } from '../../apps/telemetry-svc/src/migrations';

export interface SchemaDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: Function[];
  readonly configSpec: ConfigSpec<z.ZodRawShape>;
}

export const SCHEMAS: Record<ServiceName, SchemaDefinition> = {
  'auth-svc': { entities: authEntities, migrations: authMigrations, configSpec: authConfig },
  'telemetry-svc': {
    entities: telemetryEntities,
    migrations: telemetryMigrations,
    configSpec: telemetryConfig,
  },
  'filter-svc': {
    entities: filterEntities,
    migrations: filterMigrations,
    configSpec: filterConfig,
  },
  'ledger-svc': {
    entities: ledgerEntities,
    migrations: ledgerMigrations,
    configSpec: ledgerConfig,
  },
  'payout-svc': {
    entities: payoutEntities,
    migrations: payoutMigrations,
    configSpec: payoutConfig,
  },
  'notify-svc': {
    entities: notifyEntities,
    migrations: notifyMigrations,
    configSpec: notifyConfig,
  },
};
