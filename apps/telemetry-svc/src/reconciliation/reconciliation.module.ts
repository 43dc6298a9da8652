import { Module } from '@nestjs/common';

import { HistoryModule } from '../history/history.module';
import { ReportsModule } from '../reports/reports.module';
import { ReconciliationInternalGrpcController } from './reconciliation-internal.grpc-controller';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [HistoryModule, ReportsModule],
  controllers: [ReconciliationInternalGrpcController],
  providers: [ReconciliationService],
})
export class ReconciliationModule {}
