import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { auth } from '@trafficshare/contracts';

import { callOptions } from '../common/call-options';
import { clientOf } from '../common/caller';
import { Public } from '../common/public.decorator';
import { ApiZodBody, ValidBody } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  RefreshSchema,
  TelegramLoginSchema,
  WebAppLoginSchema,
  type RefreshDto,
  type TelegramLoginDto,
  type WebAppLoginDto,
} from './dto/login.dto';

const LOGIN_EXAMPLE = {
  status: 'success',
  user: {
    telegram_id: 123456789,
    username: 'john_doe',
    first_name: 'John',
    photo_url: 'https://t.me/i/userpic.jpg',
    role: 'user',
    balance_usd: 0,
  },
  token: 'eyJhbGciOiJFZERTQSIs...',
  refresh_token: 'q3T...',
  expires_in: 900,
};

function loginBody(res: auth.LoginWidgetResponse): Record<string, unknown> {
  const u = res.user!;
  const t = res.tokens!;
  return {
    status: 'success',
    user: {
      telegram_id: u.telegramId,
      username: u.username,
      first_name: u.firstName,
      photo_url: u.photoUrl,
      role: u.role,
      // The ledger owns balances; a fresh login shows 0 until the dashboard loads the ledger's.
      balance_usd: 0,
    },
    token: t.accessToken,
    refresh_token: t.refreshToken,
    expires_in: t.expiresIn,
  };
}

@ApiTags('auth')
@Public()
@Controller('api/auth')
export class AuthController {
  constructor(private readonly clients: ServiceClients) {}

  @Post('telegram')
  @HttpCode(200)
  @RateLimit({ name: 'auth_login', points: 20, windowS: 60, by: 'ip' })
  @ApiOperation({ summary: 'Log in with the Telegram Login Widget payload' })
  @ApiZodBody(TelegramLoginSchema)
  @ApiOkResponse({ description: 'Logged in', schema: { example: LOGIN_EXAMPLE } })
  @ApiUnauthorizedResponse({
    description:
      '`invalid_signature` (message "Invalid Telegram signature"), `auth_expired`, `auth_date_in_future`, `auth_revoked` (signed before the user\'s last logout_all, token reset or ban)',
  })
  @ApiForbiddenResponse({ description: '`user_banned`' })
  @ApiTooManyRequestsResponse({ description: '`rate_limited` (20 per minute per IP)' })
  async telegram(
    @ValidBody(TelegramLoginSchema) body: TelegramLoginDto,
    @Req() request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    const fields = Object.entries(body)
      .filter(([, v]) => v !== undefined)
      .map(([key, value]) => ({ key, value: String(value) }));
    return loginBody(
      await this.clients.auth.loginWidget(
        { fields, client: clientOf(request) },
        callOptions(request),
      ),
    );
  }

  @Post('webapp')
  @HttpCode(200)
  @RateLimit({ name: 'auth_login', points: 20, windowS: 60, by: 'ip' })
  @ApiOperation({ summary: 'Log in from the Telegram Mini App with its raw initData' })
  @ApiZodBody(WebAppLoginSchema)
  @ApiOkResponse({ description: 'Logged in', schema: { example: LOGIN_EXAMPLE } })
  @ApiUnauthorizedResponse({
    description:
      "`invalid_signature`, `auth_expired`, `auth_date_in_future`, `auth_revoked` (initData signed before the user's last logout_all, token reset or ban)",
  })
  @ApiForbiddenResponse({ description: '`user_banned`' })
  async webapp(
    @ValidBody(WebAppLoginSchema) body: WebAppLoginDto,
    @Req() request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    return loginBody(
      await this.clients.auth.loginWebApp(
        { initData: body.init_data, client: clientOf(request) },
        callOptions(request),
      ),
    );
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimit({ name: 'auth_refresh', points: 30, windowS: 60, by: 'ip' })
  @ApiOperation({ summary: 'Rotate a refresh token: a new access token and a new refresh token' })
  @ApiZodBody(RefreshSchema)
  @ApiOkResponse({
    schema: {
      example: { status: 'success', token: 'eyJ...', refresh_token: 'n3w...', expires_in: 900 },
    },
  })
  @ApiUnauthorizedResponse({
    description:
      '`invalid_refresh_token`, `refresh_token_reused` (the whole login was ended), `session_revoked`, `session_expired`',
  })
  async refresh(
    @ValidBody(RefreshSchema) body: RefreshDto,
    @Req() request: FastifyRequest,
  ): Promise<Record<string, unknown>> {
    const { tokens } = await this.clients.auth.refreshTokens(
      { refreshToken: body.refresh_token, client: clientOf(request) },
      callOptions(request),
    );
    return {
      status: 'success',
      token: tokens!.accessToken,
      refresh_token: tokens!.refreshToken,
      expires_in: tokens!.expiresIn,
    };
  }
}
