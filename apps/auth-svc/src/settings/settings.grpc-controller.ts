import { Controller } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';

import { callerOf } from '../common/caller';
import { AuthGrpcMethods } from '../common/grpc-methods';
import { SettingsService } from './settings.service';

type Methods = 'getSettings' | 'updateSettings' | 'clearCache';

@Controller()
@AuthGrpcMethods('getSettings', 'updateSettings', 'clearCache')
export class SettingsGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly settings: SettingsService) {}

  async getSettings(req: auth.GetSettingsRequest): Promise<auth.GetSettingsResponse> {
    return { settings: await this.settings.get(callerOf(req.caller).telegramId) };
  }

  updateSettings({ caller, ...patch }: auth.UpdateSettingsRequest): Promise<auth.UpdateSettingsResponse> {
    return this.settings.update(callerOf(caller), patch);
  }

  async clearCache(req: auth.ClearCacheRequest): Promise<auth.ClearCacheResponse> {
    return { cleared: await this.settings.clearCache(callerOf(req.caller)) };
  }
}
