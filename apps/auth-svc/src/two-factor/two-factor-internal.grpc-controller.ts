import { Controller } from '@nestjs/common';

import { authInternal } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { userId } from '@trafficshare/identity';

import { TwoFactorService } from './two-factor.service';

/** AuthInternalService: code checks other services (payouts) require for critical actions. */
@Controller()
@GrpcMethods(authInternal.AUTH_INTERNAL_SERVICE_NAME)
export class TwoFactorInternalGrpcController implements Pick<
  authInternal.AuthInternalServiceController,
  'checkTwoFactorCode'
> {
  constructor(private readonly twoFactor: TwoFactorService) {}

  checkTwoFactorCode(
    req: authInternal.CheckTwoFactorCodeRequest,
  ): Promise<authInternal.CheckTwoFactorCodeResponse> {
    return this.twoFactor.check(userId(req.telegramId), req.code);
  }
}
