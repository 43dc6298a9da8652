import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { ProfileGrpcController } from './profile.grpc-controller';
import { ProfileService } from './profile.service';

@Module({
  imports: [CoreModule],
  controllers: [ProfileGrpcController],
  providers: [ProfileService],
})
export class ProfileModule {}
