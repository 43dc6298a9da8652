import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { SystemSettingsService } from './system-settings.service';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class SystemSettingsGrpcController implements Pick<
  auth.AuthServiceController,
  'getSystemSettings' | 'updateSystemSetting'
> {
  constructor(private readonly settings: SystemSettingsService) {}

  /** Superadmins only (checked in the service). */
  async getSystemSettings(
    req: auth.GetSystemSettingsRequest,
  ): Promise<auth.GetSystemSettingsResponse> {
    return { settings: await this.settings.list(callerOf(req.caller)) };
  }

  async updateSystemSetting(
    req: auth.UpdateSystemSettingRequest,
  ): Promise<auth.UpdateSystemSettingResponse> {
    return {
      setting: await this.settings.update(callerOf(req.caller), req.key, req.valueJson),
    };
  }
}
