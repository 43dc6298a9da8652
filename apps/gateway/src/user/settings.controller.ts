import { Controller, Delete, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { authNames, commonNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ApiZodBody, ValidBody } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  CodeSchema,
  SettingsPatchSchema,
  ThemeSchema,
  type CodeDto,
  type SettingsPatchDto,
  type ThemeDto,
} from './dto/user.dto';
import { settingsJson } from './user-responses';

type Req = FastifyRequest & AuthenticatedRequest;

const SETTINGS_EXAMPLE = {
  language: 'en',
  push_notifications: true,
  session_updates: true,
  system_updates: true,
  two_factor_enabled: false,
  single_device_mode: false,
  battery_saver: false,
  theme: 'light',
  last_update: '2025-11-02T12:45:00.000Z',
};

@ApiTags('settings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({
  description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
})
// Seed: request throttling of 3 requests/s per user on the settings page.
@RateLimit({ name: 'settings', points: 180, windowS: 60, by: 'user' })
@Controller('api/user')
export class SettingsController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('settings')
  @ApiOperation({ summary: 'The caller’s settings' })
  @ApiOkResponse({ schema: { example: SETTINGS_EXAMPLE } })
  async get(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.getSettings(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return settingsJson(res.settings);
  }

  @Patch('settings')
  @ApiOperation({ summary: 'Change settings (each change is audited); 2FA has its own routes' })
  @ApiZodBody(SettingsPatchSchema)
  @ApiOkResponse({
    schema: { example: { status: 'updated', ...SETTINGS_EXAMPLE, changed: ['language'] } },
  })
  async patch(
    @ValidBody(SettingsPatchSchema) body: SettingsPatchDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.updateSettings(
      {
        caller: callerOf(request),
        language:
          body.language === undefined ? undefined : commonNames.language.toProto(body.language),
        pushNotifications: body.push_notifications,
        sessionUpdates: body.session_updates,
        systemUpdates: body.system_updates,
        singleDeviceMode: body.single_device_mode,
        batterySaver: body.battery_saver,
        theme: body.theme === undefined ? undefined : authNames.theme.toProto(body.theme),
      },
      callOptions(request),
    );
    return { status: 'updated', ...settingsJson(res.settings), changed: res.changed };
  }

  @Patch('settings/theme')
  @ApiOperation({ summary: 'Switch dark/light theme' })
  @ApiZodBody(ThemeSchema)
  @ApiOkResponse({ schema: { example: { status: 'updated', theme: 'dark' } } })
  async theme(
    @ValidBody(ThemeSchema) body: ThemeDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.updateSettings(
      { caller: callerOf(request), theme: authNames.theme.toProto(body.theme) },
      callOptions(request),
    );
    return {
      status: 'updated',
      theme: res.settings ? authNames.theme.toNameOr(res.settings.theme, body.theme) : body.theme,
    };
  }

  @Delete('settings/cache_clear')
  @ApiOperation({ summary: 'Clear the server-side caches of the caller (never anyone else’s)' })
  @ApiOkResponse({ schema: { example: { status: 'cleared', cleared: 2 } } })
  async cacheClear(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.clearCache(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'cleared', cleared: res.cleared };
  }

  @Post('security/2fa')
  @HttpCode(200)
  @RateLimit({ name: 'two_factor', points: 10, windowS: 60, by: 'user' })
  @ApiOperation({
    summary:
      'Start TOTP enrolment: the secret and otpauth URI (shown only now); then verify a code',
  })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'pending',
        secret: 'JBSWY3DPEHPK3PXP...',
        otpauth_uri: 'otpauth://totp/TrafficShare:%40john?secret=...',
      },
    },
  })
  @ApiConflictResponse({ description: '`two_factor_already_enabled`' })
  async enroll(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.enrollTwoFactor(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'pending', secret: res.secret, otpauth_uri: res.otpauthUri };
  }

  @Post('security/2fa/verify')
  @HttpCode(200)
  @RateLimit({ name: 'two_factor', points: 10, windowS: 60, by: 'user' })
  @ApiOperation({ summary: 'Verify the first code: turns 2FA on' })
  @ApiZodBody(CodeSchema)
  @ApiOkResponse({ schema: { example: { status: 'enabled', two_factor_enabled: true } } })
  @ApiForbiddenResponse({ description: '`invalid_two_factor_code`' })
  async verify(
    @ValidBody(CodeSchema) body: CodeDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    await this.clients.auth.verifyTwoFactor(
      { caller: callerOf(request), code: body.code },
      callOptions(request),
    );
    return { status: 'enabled', two_factor_enabled: true };
  }

  @Post('security/disable_2fa')
  @HttpCode(200)
  @RateLimit({ name: 'two_factor', points: 10, windowS: 60, by: 'user' })
  @ApiOperation({ summary: 'Turn 2FA off (critical: needs a current code)' })
  @ApiZodBody(CodeSchema)
  @ApiOkResponse({ schema: { example: { status: 'disabled', two_factor_enabled: false } } })
  @ApiForbiddenResponse({ description: '`two_factor_required`, `invalid_two_factor_code`' })
  async disable(
    @ValidBody(CodeSchema.partial()) body: Partial<CodeDto>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    await this.clients.auth.disableTwoFactor(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return { status: 'disabled', two_factor_enabled: false };
  }
}
