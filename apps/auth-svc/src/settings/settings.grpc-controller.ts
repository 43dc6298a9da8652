import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { SettingsService } from './settings.service';

type Methods = 'getSettings' | 'updateSettings' | 'clearCache';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class SettingsGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly settings: SettingsService) {}

  async getSettings(req: auth.GetSettingsRequest): Promise<auth.GetSettingsResponse> {
    return { settings: await this.settings.get(callerOf(req.caller).telegramId) };
  }

  updateSettings({
    caller,
    ...patch
  }: auth.UpdateSettingsRequest): Promise<auth.UpdateSettingsResponse> {
    return this.settings.update(callerOf(caller), patch);
  }

  async clearCache(req: auth.ClearCacheRequest): Promise<auth.ClearCacheResponse> {
    return { cleared: await this.settings.clearCache(callerOf(req.caller)) };
  }
}
