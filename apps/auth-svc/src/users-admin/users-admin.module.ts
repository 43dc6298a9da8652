import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersAdminGrpcController } from './users-admin.grpc-controller';
import { UsersAdminService } from './users-admin.service';

@Module({
  imports: [CoreModule, SessionsModule],
  controllers: [UsersAdminGrpcController],
  providers: [UsersAdminService],
})
export class UsersAdminModule {}
