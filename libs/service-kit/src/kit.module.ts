import { Global, Module, type DynamicModule } from '@nestjs/common';

import type { ServiceContext } from './service-context';
import { JobSchedules } from './job-schedules';
import { MonitorTotalsService } from './monitor-totals';
import { ServiceConsumers } from './service-consumers';
import { ServiceInfoService } from './service-info.service';
import { CONFIG, DATA_SOURCE, LOGGER, NATS, OUTBOX, REDIS, SERVICE_CONTEXT } from './tokens';

/** Makes the service context (and its event consumers) injectable everywhere in the service. */
@Global()
@Module({})
export class KitModule {
  static forContext(ctx: ServiceContext): DynamicModule {
    const providers = [
      { provide: SERVICE_CONTEXT, useValue: ctx },
      { provide: CONFIG, useValue: ctx.config },
      { provide: LOGGER, useValue: ctx.logger },
      { provide: DATA_SOURCE, useValue: ctx.dataSource },
      { provide: NATS, useValue: ctx.nats },
      { provide: OUTBOX, useValue: ctx.outbox },
      { provide: REDIS, useValue: ctx.redis },
    ];
    return {
      module: KitModule,
      providers: [
        ...providers,
        ServiceInfoService,
        ServiceConsumers,
        JobSchedules,
        MonitorTotalsService,
      ],
      exports: [
        ...providers.map((p) => p.provide),
        ServiceInfoService,
        ServiceConsumers,
        JobSchedules,
      ],
    };
  }
}
