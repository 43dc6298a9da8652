import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { callerOf, requireRole, requireTelegramId, type CallerInfo } from '../common/caller';
import { RequestException, RequestExceptionCode } from '../common/request.exception';
import { ApiKeysService } from './api-keys.service';

type Methods = 'createApiKey' | 'listApiKeys' | 'updateApiKey' | 'deleteApiKey';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const admin = (c: auth.Caller | undefined): CallerInfo => {
  const caller = callerOf(c);
  requireRole(caller, 'superadmin', 'moderator');
  return caller;
};

const keyId = (id: string): string => {
  if (!UUID.test(id))
    throw new RequestException(RequestExceptionCode.InvalidArgument, 'id must be a uuid');
  return id.toLowerCase();
};

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class ApiKeysGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly apiKeys: ApiKeysService) {}

  createApiKey(req: auth.CreateApiKeyRequest): Promise<auth.CreateApiKeyResponse> {
    return this.apiKeys.create(
      admin(req.caller),
      requireTelegramId(req.telegramId),
      req.type,
      req.limitMb,
      req.days,
    );
  }

  listApiKeys(req: auth.ListApiKeysRequest): Promise<auth.ListApiKeysResponse> {
    admin(req.caller);
    return this.apiKeys.list(
      Math.max(req.telegramId, 0),
      Math.min(Math.max(req.limit || 50, 1), 100),
      Math.max(req.offset, 0),
    );
  }

  async updateApiKey(req: auth.UpdateApiKeyRequest): Promise<auth.UpdateApiKeyResponse> {
    const patch = { status: req.status, limitMb: req.limitMb, extendDays: req.extendDays };
    return { apiKey: await this.apiKeys.update(admin(req.caller), keyId(req.id), patch) };
  }

  async deleteApiKey(req: auth.DeleteApiKeyRequest): Promise<auth.DeleteApiKeyResponse> {
    await this.apiKeys.remove(admin(req.caller), keyId(req.id));
    return {};
  }
}
