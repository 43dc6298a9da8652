import { Controller } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';

import { callerOf } from '../common/caller';
import { AuthGrpcMethods } from '../common/grpc-methods';
import { ProfileService } from './profile.service';

@Controller()
@AuthGrpcMethods('getProfile')
export class ProfileGrpcController implements Pick<auth.AuthServiceController, 'getProfile'> {
  constructor(private readonly profile: ProfileService) {}

  getProfile(req: auth.GetProfileRequest): Promise<auth.GetProfileResponse> {
    return this.profile.get(callerOf(req.caller).telegramId);
  }
}
