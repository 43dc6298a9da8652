import { Controller, HttpException, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { CronSettings, SecuritySettings } from '@trafficshare/config';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { SettingsAuth } from './admin-settings.clients';
import {
  SettingsBackupJobRoute,
  SettingsBackupRoute,
  SettingsCronRoute,
  SettingsListRoute,
  SettingsSecurityRoute,
  SettingsStatusRoute,
} from './admin-settings.contract';
import { appStatusJson, backupJobJson, settingJson } from './admin-settings.presenter';
import { BackupService } from './backup.service';
import { PlatformStatus } from './status.service';

type Req = FastifyRequest & AuthenticatedRequest;

/**
 * System settings: status of every app (Describe fan-out), security and cron settings (owned
 * by auth-svc, applied by the services through SystemSettingsChanged), database backups.
 */
@Controller()
export class AdminSettingsController {
  constructor(
    @Inject(SettingsAuth.token) private readonly auth: typeof SettingsAuth.type,
    private readonly status: PlatformStatus,
    private readonly backups: BackupService,
  ) {}

  @Route(SettingsStatusRoute)
  async platformStatus(
    _input: RouteInput<typeof SettingsStatusRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SettingsStatusRoute>> {
    const [apps, nats, postgres] = await Promise.all([
      this.status.describeAll(callOptions(request, 2_000)),
      this.status.natsStatus(),
      this.status.postgresStatus(),
    ]);
    return {
      gateway: this.status.gateway(),
      apps: apps.map(appStatusJson),
      nats,
      postgres,
      generated_at: new Date().toISOString(),
    };
  }

  @Route(SettingsListRoute)
  async list(
    _input: RouteInput<typeof SettingsListRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SettingsListRoute>> {
    const res = await this.auth.getSystemSettings(
      { caller: callerOf(request) },
      callOptions(request),
    );
    const by = new Map(res.settings.map((s) => [s.key, s]));
    return {
      security: settingJson(by.get('security'), {} as SecuritySettings),
      cron: settingJson<CronSettings>(by.get('cron'), {}),
    };
  }

  @Route(SettingsSecurityRoute)
  async security(
    { body }: RouteInput<typeof SettingsSecurityRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SettingsSecurityRoute>> {
    const res = await this.auth.updateSystemSetting(
      { caller: callerOf(request), key: 'security', valueJson: JSON.stringify(body) },
      callOptions(request),
    );
    return { setting: settingJson(res.setting, {} as SecuritySettings) };
  }

  @Route(SettingsCronRoute)
  async cron(
    { body }: RouteInput<typeof SettingsCronRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SettingsCronRoute>> {
    const res = await this.auth.updateSystemSetting(
      { caller: callerOf(request), key: 'cron', valueJson: JSON.stringify(body.jobs) },
      callOptions(request),
    );
    return { setting: settingJson<CronSettings>(res.setting, {}) };
  }

  @Route(SettingsBackupRoute)
  async backup(
    _input: RouteInput<typeof SettingsBackupRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SettingsBackupRoute>> {
    return { job: backupJobJson(await this.backups.start(Number(request.user.sub))) };
  }

  @Route(SettingsBackupJobRoute)
  async backupJob({
    params,
  }: RouteInput<typeof SettingsBackupJobRoute>): Promise<
    RouteReply<typeof SettingsBackupJobRoute>
  > {
    const job = await this.backups.get(params.id);
    if (!job)
      throw new HttpException(
        { status: 'error', code: 'backup_not_found', message: 'No such backup job' },
        404,
      );
    return { job: backupJobJson(job) };
  }
}
