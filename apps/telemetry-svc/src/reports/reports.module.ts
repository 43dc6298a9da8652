import { Module } from '@nestjs/common';

import { DeviceRateLimiter } from './device-rate-limiter';
import { ReportsGrpcController } from './reports.grpc-controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsGrpcController],
  providers: [ReportsRepository, DeviceRateLimiter, ReportsService],
  exports: [ReportsRepository],
})
export class ReportsModule {}
