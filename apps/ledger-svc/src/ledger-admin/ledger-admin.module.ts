import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { LedgerAdminGrpcController } from './ledger-admin.grpc-controller';
import { LedgerAdminService } from './ledger-admin.service';
import { LedgerCheckRepository } from './ledger-check.repository';

@Module({
  imports: [CoreModule],
  controllers: [LedgerAdminGrpcController],
  providers: [LedgerCheckRepository, LedgerAdminService],
})
export class LedgerAdminModule {}
