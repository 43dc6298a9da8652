import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { UsersRepository } from '../users/users.repository';
import { TwoFactorService } from './two-factor.service';

type Methods = 'enrollTwoFactor' | 'verifyTwoFactor' | 'disableTwoFactor';

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class TwoFactorGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersRepository,
  ) {}

  async enrollTwoFactor(req: auth.EnrollTwoFactorRequest): Promise<auth.EnrollTwoFactorResponse> {
    const caller = callerOf(req.caller);
    const user = await this.users.findById(caller.telegramId);
    return this.twoFactor.enroll(
      caller,
      user?.username ? `@${user.username}` : String(caller.telegramId),
    );
  }

  async verifyTwoFactor(req: auth.VerifyTwoFactorRequest): Promise<auth.VerifyTwoFactorResponse> {
    await this.twoFactor.verify(callerOf(req.caller), req.code);
    return { enabled: true };
  }

  async disableTwoFactor(
    req: auth.DisableTwoFactorRequest,
  ): Promise<auth.DisableTwoFactorResponse> {
    await this.twoFactor.disable(callerOf(req.caller), req.code);
    return { enabled: false };
  }
}
