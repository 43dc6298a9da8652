import { Module } from '@nestjs/common';

import { ReportsModule } from '../reports/reports.module';
import { IpRelease } from './ip-release';
import { SessionCloser } from './session-closer';
import { SessionTimeoutWorker } from './session-timeout.worker';
import { SessionsGauges } from './sessions.gauges';
import { SessionsGrpcController } from './sessions.grpc-controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  imports: [ReportsModule],
  controllers: [SessionsGrpcController],
  providers: [
    SessionsRepository,
    IpRelease,
    SessionCloser,
    SessionsService,
    SessionTimeoutWorker,
    SessionsGauges,
  ],
  exports: [SessionsRepository],
})
export class SessionsModule {}
