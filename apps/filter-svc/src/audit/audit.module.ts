import { Module } from '@nestjs/common';

import { TRANSACTIONS } from '../common/transactions.provider';
import { AuditGrpcController } from './audit.grpc-controller';
import { AuditRepository } from './audit.repository';
import { AuditRetentionService } from './audit-retention.service';
import { AuditService } from './audit.service';
import { AuditWriter } from './audit-writer.service';

@Module({
  controllers: [AuditGrpcController],
  providers: [TRANSACTIONS, AuditRepository, AuditWriter, AuditRetentionService, AuditService],
  exports: [AuditRepository, AuditWriter, AuditRetentionService],
})
export class AuditModule {}
