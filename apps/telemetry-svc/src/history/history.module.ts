import { Module } from '@nestjs/common';

import { SessionsModule } from '../sessions/sessions.module';
import { HistoryGrpcController } from './history.grpc-controller';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

@Module({
  imports: [SessionsModule],
  controllers: [HistoryGrpcController],
  providers: [HistoryRepository, HistoryService],
  exports: [HistoryRepository],
})
export class HistoryModule {}
