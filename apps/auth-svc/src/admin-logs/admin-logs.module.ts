import { Module } from '@nestjs/common';

import { AdminLogsGrpcController } from './admin-logs.grpc-controller';
import { AdminLogsRepository } from './admin-logs.repository';
import { AdminLogsService } from './admin-logs.service';

@Module({
  controllers: [AdminLogsGrpcController],
  providers: [AdminLogsRepository, AdminLogsService],
})
export class AdminLogsModule {}
