import { Controller } from '@nestjs/common';

import { auth, authNames, common } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf, requireRole, userId, type CallerInfo } from '@trafficshare/identity';

import { ApiKeysException, ApiKeysErrorCode } from './api-keys.exception';
import { ApiKeysService } from './api-keys.service';

type Methods = 'createApiKey' | 'listApiKeys' | 'updateApiKey' | 'deleteApiKey';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const admin = (c: common.Caller | undefined): CallerInfo => {
  const caller = callerOf(c);
  requireRole(caller, 'superadmin', 'moderator');
  return caller;
};

const keyId = (id: string): string => {
  if (!UUID.test(id)) throw new ApiKeysException(ApiKeysErrorCode.InvalidId, 'id must be a uuid');
  return id.toLowerCase();
};

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class ApiKeysGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly apiKeys: ApiKeysService) {}

  createApiKey(req: auth.CreateApiKeyRequest): Promise<auth.CreateApiKeyResponse> {
    return this.apiKeys.create(
      admin(req.caller),
      userId(req.telegramId),
      authNames.apiKeyType.toNameOr(req.type, undefined),
      req.limitMb,
      req.days,
    );
  }

  listApiKeys(req: auth.ListApiKeysRequest): Promise<auth.ListApiKeysResponse> {
    admin(req.caller);
    const page = {
      limit: Math.min(Math.max(req.limit || 50, 1), 100),
      offset: Math.max(req.offset, 0),
    };
    // telegram_id 0 = every owner.
    const owner = req.telegramId > 0 ? userId(req.telegramId) : undefined;
    return owner ? this.apiKeys.listOf(owner, page) : this.apiKeys.listAll(page);
  }

  async updateApiKey(req: auth.UpdateApiKeyRequest): Promise<auth.UpdateApiKeyResponse> {
    const patch = {
      status:
        req.status === undefined ? undefined : authNames.apiKeyStatus.toNameOr(req.status, ''),
      limitMb: req.limitMb,
      extendDays: req.extendDays,
    };
    return { apiKey: await this.apiKeys.update(admin(req.caller), keyId(req.id), patch) };
  }

  async deleteApiKey(req: auth.DeleteApiKeyRequest): Promise<auth.DeleteApiKeyResponse> {
    await this.apiKeys.remove(admin(req.caller), keyId(req.id));
    return {};
  }
}
