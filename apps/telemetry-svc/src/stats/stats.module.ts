import { Module } from '@nestjs/common';

import { StatsGrpcController } from './stats.grpc-controller';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

@Module({ controllers: [StatsGrpcController], providers: [StatsRepository, StatsService] })
export class StatsModule {}
