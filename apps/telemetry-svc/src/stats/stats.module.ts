import { Module } from '@nestjs/common';

import { AdminStatsRepository } from './admin-stats.repository';
import { AdminStatsService } from './admin-stats.service';
import { StatsGrpcController } from './stats.grpc-controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

@Module({
  controllers: [StatsGrpcController],
  providers: [StatsRepository, StatsService, AdminStatsRepository, AdminStatsService],
})
export class StatsModule {}
