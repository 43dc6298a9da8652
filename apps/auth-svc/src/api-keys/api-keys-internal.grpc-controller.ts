import { Controller } from '@nestjs/common';

import { authInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { ApiKeyUsageService } from './api-key-usage.service';

/** AuthInternalService: the relay checks buyer keys and writes their usage back. */
@Controller()
@GrpcMethods(authInternal.AUTH_INTERNAL_SERVICE_NAME)
export class ApiKeysInternalGrpcController implements Pick<
  authInternal.AuthInternalServiceController,
  'authorizeApiKey' | 'recordApiKeyUsage'
> {
  constructor(private readonly usage: ApiKeyUsageService) {}

  authorizeApiKey(
    req: authInternal.AuthorizeApiKeyRequest,
  ): Promise<authInternal.AuthorizeApiKeyResponse> {
    return this.usage.authorize(req.apiKey);
  }

  async recordApiKeyUsage(
    req: authInternal.RecordApiKeyUsageRequest,
  ): Promise<authInternal.RecordApiKeyUsageResponse> {
    return { applied: await this.usage.record(req) };
  }
}
