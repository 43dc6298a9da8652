import { Module } from '@nestjs/common';

import { HistoryModule } from '../history/history.module';
import { ReportsModule } from '../reports/reports.module';
import { ReconciliationGrpcController } from './reconciliation.grpc-controller';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [HistoryModule, ReportsModule],
  controllers: [ReconciliationGrpcController],
  providers: [ReconciliationService],
})
export class ReconciliationModule {}
