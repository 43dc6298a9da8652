import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

import type { auth } from '@trafficshare/contracts';
import type { Outbox } from '@trafficshare/messaging';
import { DATA_SOURCE, OUTBOX, REDIS } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import type { CallerInfo } from '../common/caller';
import { entitlementVersionKey } from '../common/redis-keys';
import { RequestException, RequestExceptionCode } from '../common/request.exception';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UserEntity } from '../users/user.entity';
import { SettingsRepository } from './settings.repository';
import type { UserSettingsEntity } from './user-settings.entity';

export type SettingsPatch = Omit<auth.UpdateSettingsRequest, 'caller'>;

const FIELDS = [
  'language',
  'pushNotifications',
  'sessionUpdates',
  'systemUpdates',
  'singleDeviceMode',
  'batterySaver',
  'theme',
] as const;
const LANGUAGES = ['uz', 'ru', 'en'];
const THEMES = ['light', 'dark'];
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The seed's Settings page: read, patch (every change audited), cache clear. */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly repo: SettingsRepository,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditRepository,
  ) {}

  async get(telegramId: number): Promise<auth.Settings> {
    const [row, twoFactor] = await Promise.all([
      this.repo.find(telegramId),
      this.twoFactor.isEnabled(telegramId),
    ]);
    return toSettings(row, twoFactor);
  }

  /** single_device_mode, read at login. */
  async singleDevice(telegramId: number): Promise<boolean> {
    return (await this.repo.find(telegramId))?.singleDeviceMode === true;
  }

  async update(
    caller: CallerInfo,
    patch: SettingsPatch,
  ): Promise<{ settings: auth.Settings; changed: string[] }> {
    if (patch.language !== undefined && !LANGUAGES.includes(patch.language)) {
      throw new RequestException(
        RequestExceptionCode.InvalidArgument,
        'language must be uz, ru or en',
      );
    }
    if (patch.theme !== undefined && !THEMES.includes(patch.theme)) {
      throw new RequestException(
        RequestExceptionCode.InvalidArgument,
        'theme must be light or dark',
      );
    }
    const changed = await this.ds.transaction(async (m) => {
      const row = await this.repo.lockOrCreate(m, caller.telegramId);
      const next: Partial<UserSettingsEntity> = {};
      const details: Record<string, { old: unknown; new: unknown }> = {};
      for (const field of FIELDS) {
        const value = patch[field];
        if (value === undefined || value === row[field]) continue;
        (next as Record<string, unknown>)[field] = value;
        details[snake(field)] = { old: row[field], new: value };
      }
      const names = Object.keys(details);
      if (names.length === 0) return names;
      await this.repo.update(m, caller.telegramId, next);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: caller.telegramId,
          action: 'settings.update',
          details,
          ip: caller.ip,
        },
        m,
      );
      if (next.language) {
        await m.update(UserEntity, { telegramId: caller.telegramId }, { language: next.language });
        const user = (await m.findOne(UserEntity, { where: { telegramId: caller.telegramId } }))!;
        await this.outbox.add(m, 'UserUpdated', {
          telegramId: user.telegramId,
          username: user.username ?? '',
          firstName: user.firstName,
          role: user.role,
          language: user.language,
          changed: ['language'],
          updatedAt: new Date().toISOString(),
        });
      }
      return names;
    });
    return { settings: await this.get(caller.telegramId), changed };
  }

  /** Clears server-side caches of the caller only (their entitlement cache, cached views). */
  async clearCache(caller: CallerInfo): Promise<number> {
    const keys = [entitlementVersionKey(caller.telegramId)];
    let cursor = '0';
    const prefix = this.redis.options.keyPrefix ?? '';
    do {
      const [next, found] = await this.redis.scan(
        cursor,
        'MATCH',
        `${prefix}cache:u:${caller.telegramId}:*`,
        'COUNT',
        200,
      );
      cursor = next;
      keys.push(...found.map((k) => k.slice(prefix.length)));
    } while (cursor !== '0');
    const cleared = await this.redis.del(...keys);
    await this.audit.add({
      actorId: caller.telegramId,
      targetId: caller.telegramId,
      action: 'settings.cache_clear',
      details: { keys: cleared },
      ip: caller.ip,
    });
    return cleared;
  }
}

export function toSettings(
  row: UserSettingsEntity | null,
  twoFactorEnabled: boolean,
): auth.Settings {
  return {
    language: row?.language ?? 'en',
    pushNotifications: row?.pushNotifications ?? true,
    sessionUpdates: row?.sessionUpdates ?? true,
    systemUpdates: row?.systemUpdates ?? true,
    twoFactorEnabled,
    singleDeviceMode: row?.singleDeviceMode ?? false,
    batterySaver: row?.batterySaver ?? false,
    theme: row?.theme ?? 'light',
    lastUpdate: row?.lastUpdate.toISOString() ?? '',
  };
}
