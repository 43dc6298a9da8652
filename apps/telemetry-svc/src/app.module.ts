import { Module } from '@nestjs/common';

import { CoreModule } from './common/core.module';
import { DescribeModule } from './describe/describe.module';
import { HistoryModule } from './history/history.module';
import { LiveModule } from './live/live.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RelayModule } from './relay/relay.module';
import { ReportsModule } from './reports/reports.module';
import { SessionsModule } from './sessions/sessions.module';
import { StatsModule } from './stats/stats.module';

@Module({
  imports: [
    CoreModule,
    DescribeModule,
    SessionsModule,
    ReportsModule,
    HistoryModule,
    StatsModule,
    ReconciliationModule,
    LiveModule,
    RelayModule,
  ],
})
export class AppModule {}
