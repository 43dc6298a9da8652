import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { ApiKeyUsageRepository } from './api-key-usage.repository';
import { ApiKeyUsageService } from './api-key-usage.service';
import { ApiKeysInternalGrpcController } from './api-keys-internal.grpc-controller';
import { ApiKeysGrpcController } from './api-keys.grpc-controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

@Module({
  imports: [CoreModule],
  controllers: [ApiKeysGrpcController, ApiKeysInternalGrpcController],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeyUsageRepository, ApiKeyUsageService],
})
export class ApiKeysModule {}
