import { Module } from '@nestjs/common';

import { AdminAuditConsumer } from './admin-audit.consumer';
import { AdminAuditGrpcController } from './admin-audit.grpc-controller';
import { AdminAuditRepository } from './admin-audit.repository';
import { AdminAuditService } from './admin-audit.service';

@Module({
  controllers: [AdminAuditGrpcController],
  providers: [AdminAuditRepository, AdminAuditService, AdminAuditConsumer],
})
export class AdminAuditModule {}
