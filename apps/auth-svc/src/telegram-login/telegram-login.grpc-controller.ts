import { Controller } from '@nestjs/common';

import { auth } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import type { ClientMeta } from '../sessions/sessions.service';
import { TelegramLoginService } from './telegram-login.service';

type Methods = 'loginWidget' | 'loginWebApp';

const clientOf = (c: auth.ClientInfo | undefined): ClientMeta => ({
  ip: c?.ip ?? '',
  userAgent: c?.userAgent ?? '',
});

@Controller()
@GrpcMethods(auth.AUTH_SERVICE_NAME)
export class TelegramLoginGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly login: TelegramLoginService) {}

  loginWidget(req: auth.LoginWidgetRequest): Promise<auth.LoginWidgetResponse> {
    return this.login.loginWidget(req.fields, clientOf(req.client), req.referralCode);
  }

  loginWebApp(req: auth.LoginWebAppRequest): Promise<auth.LoginWebAppResponse> {
    return this.login.loginWebApp(req.initData, clientOf(req.client));
  }
}
