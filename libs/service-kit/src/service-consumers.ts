import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import { EventConsumers } from '@trafficshare/messaging';

import type { ServiceContext } from './service-context';
import { SERVICE_CONTEXT } from './tokens';

/**
 * The service's event consumers, injectable everywhere (KitModule provides it). A feature
 * declares what it consumes where it is constructed; the kit starts every durable once the
 * modules are initialised (before gRPC serves) and stops them when the service stops (before
 * NATS and the database close):
 *
 * ```ts
 * @Injectable()
 * export class IncomeConsumer {
 *   constructor(consumers: ServiceConsumers, repo: EarningsRepository) {
 *     consumers.onBatch(
 *       'IncomesCredited',
 *       { durable: 'telemetry-income', batch: { maxMessages: 500, maxWaitMs: 1_000 } },
 *       (events, tx) => repo.addCredits(tx, events.flatMap(creditRowsOf)),
 *     );
 *   }
 * }
 * ```
 *
 * Stream, inbox (in the service's schema), decoding, retries, DLQ, logger and metrics come
 * from the service context; see {@link EventConsumers} and libs/messaging/README.md.
 */
@Injectable()
export class ServiceConsumers
  extends EventConsumers
  implements OnApplicationBootstrap, OnModuleDestroy
{
  constructor(@Inject(SERVICE_CONTEXT) ctx: ServiceContext) {
    super({
      nats: ctx.nats,
      dataSource: ctx.dataSource,
      schema: ctx.schema,
      prefix: ctx.natsPrefix,
      logger: ctx.logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }
}
