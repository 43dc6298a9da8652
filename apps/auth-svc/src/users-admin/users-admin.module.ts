import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AuthAdminStatsGrpcController } from './admin-stats.grpc-controller';
import { AuthAdminStatsRepository } from './admin-stats.repository';
import { AuthAdminStatsService } from './admin-stats.service';
import { UsersAdminGrpcController } from './users-admin.grpc-controller';
import { UsersAdminService } from './users-admin.service';

@Module({
  imports: [CoreModule, SessionsModule],
  controllers: [UsersAdminGrpcController, AuthAdminStatsGrpcController],
  providers: [UsersAdminService, AuthAdminStatsRepository, AuthAdminStatsService],
})
export class UsersAdminModule {}
