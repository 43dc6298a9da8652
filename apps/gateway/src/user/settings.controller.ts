import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { authNames, commonNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import {
  CacheClearRoute,
  DisableTwoFactorRoute,
  EnrollTwoFactorRoute,
  GetSettingsRoute,
  PatchSettingsRoute,
  ThemeRoute,
  VerifyTwoFactorRoute,
} from './user.contract';
import { settingsJson } from './user.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const SettingsAuth = narrowClient('auth', [
  'getSettings',
  'updateSettings',
  'clearCache',
  'enrollTwoFactor',
  'verifyTwoFactor',
  'disableTwoFactor',
]);

/** The settings page: settings, theme, cache, and two-factor authentication. */
@Controller()
export class SettingsController {
  constructor(@Inject(SettingsAuth.token) private readonly auth: typeof SettingsAuth.type) {}

  @Route(GetSettingsRoute)
  async get(
    _input: RouteInput<typeof GetSettingsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof GetSettingsRoute>> {
    const res = await this.auth.getSettings({ caller: callerOf(request) }, callOptions(request));
    return settingsJson(res.settings);
  }

  @Route(PatchSettingsRoute)
  async patch(
    { body }: RouteInput<typeof PatchSettingsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PatchSettingsRoute>> {
    const res = await this.auth.updateSettings(
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

  @Route(ThemeRoute)
  async theme(
    { body }: RouteInput<typeof ThemeRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ThemeRoute>> {
    const res = await this.auth.updateSettings(
      { caller: callerOf(request), theme: authNames.theme.toProto(body.theme) },
      callOptions(request),
    );
    return {
      status: 'updated',
      theme: res.settings ? authNames.theme.toNameOr(res.settings.theme, body.theme) : body.theme,
    };
  }

  @Route(CacheClearRoute)
  async cacheClear(
    _input: RouteInput<typeof CacheClearRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof CacheClearRoute>> {
    const res = await this.auth.clearCache({ caller: callerOf(request) }, callOptions(request));
    return { status: 'cleared', cleared: res.cleared };
  }

  @Route(EnrollTwoFactorRoute)
  async enroll(
    _input: RouteInput<typeof EnrollTwoFactorRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof EnrollTwoFactorRoute>> {
    const res = await this.auth.enrollTwoFactor(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'pending', secret: res.secret, otpauth_uri: res.otpauthUri };
  }

  @Route(VerifyTwoFactorRoute)
  async verify(
    { body }: RouteInput<typeof VerifyTwoFactorRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof VerifyTwoFactorRoute>> {
    await this.auth.verifyTwoFactor(
      { caller: callerOf(request), code: body.code },
      callOptions(request),
    );
    return { status: 'enabled', two_factor_enabled: true };
  }

  @Route(DisableTwoFactorRoute)
  async disable(
    { body }: RouteInput<typeof DisableTwoFactorRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DisableTwoFactorRoute>> {
    await this.auth.disableTwoFactor(
      { caller: callerOf(request), code: body.code ?? '' },
      callOptions(request),
    );
    return { status: 'disabled', two_factor_enabled: false };
  }
}
