import { Controller } from '@nestjs/common';

import type { auth } from '@trafficshare/contracts';

import { AuthGrpcMethods } from '../common/grpc-methods';
import type { ClientMeta } from '../sessions/sessions.service';
import { TelegramLoginService } from './telegram-login.service';

type Methods = 'loginWidget' | 'loginWebApp';

const clientOf = (c: auth.ClientInfo | undefined): ClientMeta => ({ ip: c?.ip ?? '', userAgent: c?.userAgent ?? '' });

@Controller()
@AuthGrpcMethods('loginWidget', 'loginWebApp')
export class TelegramLoginGrpcController implements Pick<auth.AuthServiceController, Methods> {
  constructor(private readonly login: TelegramLoginService) {}

  loginWidget(req: auth.LoginWidgetRequest): Promise<auth.LoginWidgetResponse> {
    return this.login.loginWidget(req.fields, clientOf(req.client));
  }

  loginWebApp(req: auth.LoginWebAppRequest): Promise<auth.LoginWebAppResponse> {
    return this.login.loginWebApp(req.initData, clientOf(req.client));
  }
}
