import { Controller, Get, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { commonNames } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { RequireSubscription } from '../entitlements/require-subscription.guard';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  HistoryQuerySchema,
  OptionalCodeSchema,
  type HistoryQueryDto,
  type OptionalCodeDto,
} from './dto/user.dto';
import { loginRecordJson, maskToken } from './user-responses';

type Req = FastifyRequest & AuthenticatedRequest;

@ApiTags('user')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
@RateLimit({ name: 'user', points: 300, windowS: 60, by: 'user' })
@Controller('api/user')
export class ProfileController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('profile')
  @ApiOperation({ summary: 'The caller’s profile and security state' })
  @ApiOkResponse({
    schema: {
      example: {
        telegram_id: 599382114,
        username: 'bunyoddev',
        first_name: 'Bunyod',
        photo_url: 'https://t.me/i/userpic/320/bunyod.jpg',
        auth_date: '2025-11-02T12:45:00.000Z',
        jwt_token: 'eyJhbGci...fT0=',
        two_factor_enabled: true,
        last_login_ip: '185.91.77.3',
        last_login_device: 'Android Galaxy S8+',
      },
    },
  })
  async profile(@Req() request: Req): Promise<Record<string, unknown>> {
    const p = await this.clients.auth.getProfile(
      { caller: callerOf(request) },
      callOptions(request),
    );
    const token = (request.headers.authorization ?? '').slice(7).trim();
    return {
      telegram_id: p.telegramId,
      username: p.username,
      first_name: p.firstName,
      last_name: p.lastName,
      photo_url: p.photoUrl,
      role: roleFromProto(p.role) ?? 'user',
      language: commonNames.language.toNameOr(p.language, 'en'),
      auth_date: p.authDate || null,
      jwt_token: maskToken(token),
      two_factor_enabled: p.twoFactorEnabled,
      last_login_ip: p.lastLoginIp,
      last_login_device: p.lastLoginDevice,
      subscription_version: p.subscriptionVersion,
    };
  }

  @Post('token/renew')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new access token for this session; 2FA users send `code` (three renewals without one end the session)',
  })
  @ApiZodBody(OptionalCodeSchema)
  @ApiOkResponse({
    schema: {
      example: {
        message: 'Token successfully renewed',
        jwt_token: 'new.jwt.token',
        expires_in: 900,
      },
    },
  })
  @ApiForbiddenResponse({ description: '`invalid_two_factor_code`' })
  async renew(
    @ValidBody(OptionalCodeSchema) body: OptionalCodeDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    // The seed's body names the user; it must be the caller (a token is never renewed for another).
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only renew your own token' },
        403,
      );
    }
    const { tokens } = await this.clients.auth.renewToken(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return {
      message: 'Token successfully renewed',
      jwt_token: tokens!.accessToken,
      expires_in: tokens!.expiresIn,
    };
  }

  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: 'End this session (its tokens stop working at once)' })
  @ApiOkResponse({ schema: { example: { message: 'Successfully logged out' } } })
  async logout(@Req() request: Req): Promise<Record<string, unknown>> {
    await this.clients.auth.logout({ caller: callerOf(request) }, callOptions(request));
    return { message: 'Successfully logged out' };
  }

  @Post('logout_all')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of the caller (needs `code` when 2FA is on)' })
  @ApiZodBody(OptionalCodeSchema)
  @ApiOkResponse({ schema: { example: { message: 'All sessions ended', revoked: 3 } } })
  @ApiForbiddenResponse({ description: '`two_factor_required`, `invalid_two_factor_code`' })
  async logoutAll(
    @ValidBody(OptionalCodeSchema) body: OptionalCodeDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.logoutAll(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return { message: 'All sessions ended', revoked: res.revoked };
  }

  @Get('login_history')
  @ApiOperation({ summary: 'The last 5 logins (city, device, IP, time)' })
  @ApiOkResponse({
    schema: {
      example: {
        history: [
          {
            city: 'Toshkent',
            country: 'UZ',
            device: 'Android Galaxy S8+',
            ip: '185.91.77.3',
            time: '2025-10-31T21:00:00.000Z',
            active: true,
            current: true,
          },
        ],
      },
    },
  })
  async loginHistory(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.getLoginHistory(
      { caller: callerOf(request), limit: 5 },
      callOptions(request),
    );
    return { history: res.history.map(loginRecordJson) };
  }

  @Get('login_history/full')
  @RequireSubscription('premium')
  @ApiOperation({ summary: 'Premium: the full login history (up to 100), paginated by `limit`' })
  @ApiZodQuery(HistoryQuerySchema)
  @ApiForbiddenResponse({ description: '`subscription_required` (premium)' })
  async fullHistory(
    @ValidQuery(HistoryQuerySchema) query: HistoryQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.getLoginHistory(
      { caller: callerOf(request), limit: query.limit },
      callOptions(request),
    );
    return { history: res.history.map(loginRecordJson) };
  }
}
