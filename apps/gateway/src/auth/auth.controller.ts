import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { auth } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import { callOptions } from '../common/call-options';
import { clientOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import {
  RefreshRoute,
  TelegramLoginRoute,
  WebAppLoginRoute,
  type LoginJson,
} from './auth.contract';

function loginBody(res: auth.LoginWidgetResponse): LoginJson {
  const u = res.user!;
  const t = res.tokens!;
  return {
    user: {
      telegram_id: u.telegramId,
      username: u.username,
      first_name: u.firstName,
      photo_url: u.photoUrl,
      role: roleFromProto(u.role) ?? 'user',
      // The ledger owns balances; a fresh login shows 0 until the dashboard loads the ledger's.
      balance_usd: 0,
    },
    token: t.accessToken,
    refresh_token: t.refreshToken,
    expires_in: t.expiresIn,
  };
}

/** Login (Login Widget, Mini App) and token rotation: public, rate limited per IP. */
@Controller()
export class AuthController {
  constructor(private readonly clients: ServiceClients) {}

  @Route(TelegramLoginRoute)
  async telegram(
    { body }: RouteInput<typeof TelegramLoginRoute>,
    @Req() request: FastifyRequest,
  ): Promise<RouteReply<typeof TelegramLoginRoute>> {
    // `ref` (the web link's referral code) is ours, not Telegram's: it is not signed.
    const { ref, ...signed } = body;
    const fields = Object.entries(signed)
      .filter(([, v]) => v !== undefined)
      .map(([key, value]) => ({ key, value: String(value) }));
    return loginBody(
      await this.clients.auth.loginWidget(
        { fields, client: clientOf(request), referralCode: ref ?? '' },
        callOptions(request),
      ),
    );
  }

  @Route(WebAppLoginRoute)
  async webapp(
    { body }: RouteInput<typeof WebAppLoginRoute>,
    @Req() request: FastifyRequest,
  ): Promise<RouteReply<typeof WebAppLoginRoute>> {
    return loginBody(
      await this.clients.auth.loginWebApp(
        { initData: body.init_data, client: clientOf(request) },
        callOptions(request),
      ),
    );
  }

  @Route(RefreshRoute)
  async refresh(
    { body }: RouteInput<typeof RefreshRoute>,
    @Req() request: FastifyRequest,
  ): Promise<RouteReply<typeof RefreshRoute>> {
    const { tokens } = await this.clients.auth.refreshTokens(
      { refreshToken: body.refresh_token, client: clientOf(request) },
      callOptions(request),
    );
    return {
      token: tokens!.accessToken,
      refresh_token: tokens!.refreshToken,
      expires_in: tokens!.expiresIn,
    };
  }
}
