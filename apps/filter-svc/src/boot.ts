import { bootstrapService, type RunningService } from '@trafficshare/service-kit';

import { AppModule } from './app.module';
import { configSpec } from './config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface BootOptions {
  /** Environment to read instead of process.env (in-process tests). */
  readonly env?: NodeJS.ProcessEnv;
  readonly handleSignals?: boolean;
}

export function boot(options: BootOptions = {}): Promise<RunningService> {
  return bootstrapService({
    service: 'filter-svc',
    configSpec,
    module: AppModule,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    ...options,
  });
}
