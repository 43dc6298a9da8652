import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { ProfileService } from './profile.service';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class ProfileGrpcController implements Pick<auth.AuthServiceController, 'getProfile'> {
  constructor(private readonly profile: ProfileService) {}

  getProfile(req: auth.GetProfileRequest): Promise<auth.GetProfileResponse> {
    return this.profile.get(callerOf(req.caller).telegramId);
  }
}
