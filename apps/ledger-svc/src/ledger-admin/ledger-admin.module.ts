import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { LedgerAdminGrpcController } from './ledger-admin.grpc-controller';
import { LedgerAdminService } from './ledger-admin.service';
import { LedgerCheckRepository } from './ledger-check.repository';
import { LedgerReportsGrpcController } from './ledger-reports.grpc-controller';
import { LedgerReportsRepository } from './ledger-reports.repository';
import { LedgerReportsService } from './ledger-reports.service';

@Module({
  imports: [CoreModule],
  controllers: [LedgerAdminGrpcController, LedgerReportsGrpcController],
  providers: [
    LedgerCheckRepository,
    LedgerAdminService,
    LedgerReportsRepository,
    LedgerReportsService,
  ],
})
export class LedgerAdminModule {}
