import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { ApiKeysGrpcController } from './api-keys.grpc-controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

@Module({
  imports: [CoreModule],
  controllers: [ApiKeysGrpcController],
  providers: [ApiKeysRepository, ApiKeysService],
})
export class ApiKeysModule {}
