import { Global, Module } from '@nestjs/common';

import { EarningsModule } from '../earnings/earnings.module';
import { LivePublisher } from '../live/live-publisher';
import { FilterClientModule } from './filter-client';
import { OutboxWriter } from './outbox-writer';

/** Shared by every feature: outbox, live messages, the filter client, the price book. */
@Global()
@Module({
  imports: [FilterClientModule, EarningsModule],
  providers: [OutboxWriter, LivePublisher],
  exports: [OutboxWriter, LivePublisher, FilterClientModule, EarningsModule],
})
export class CoreModule {}
