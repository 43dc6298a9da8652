import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AdminsGrpcController } from './admins.grpc-controller';
import { AdminsService } from './admins.service';

@Module({
  imports: [CoreModule, SessionsModule],
  controllers: [AdminsGrpcController],
  providers: [AdminsService],
})
export class AdminsModule {}
