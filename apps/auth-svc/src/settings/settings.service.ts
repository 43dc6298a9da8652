import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { authNames, commonNames, type auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import type { CallerInfo, UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import { OUTBOX, REDIS } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import { entitlementVersionKey } from '../common/redis-keys';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersRepository } from '../users/users.repository';
import { SettingsException, SettingsErrorCode } from './settings.exception';
import { SettingsRepository } from './settings.repository';
import type { Theme, UserSettingsEntity } from './user-settings.entity';

export type SettingsPatch = Omit<auth.UpdateSettingsRequest, 'caller'>;

/** The patch with the enums as the names the rows hold. */
type NamedPatch = Omit<SettingsPatch, 'language' | 'theme'> & {
  language?: string;
  theme?: Theme;
};

const FIELDS = [
  'language',
  'pushNotifications',
  'sessionUpdates',
  'systemUpdates',
  'singleDeviceMode',
  'batterySaver',
  'theme',
] as const;
/** The settings notify-svc needs (it keeps its own copy from NotificationSettingsChanged). */
const NOTIFY_FIELDS = ['pushNotifications', 'sessionUpdates', 'systemUpdates'] as const;
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A user's settings: read, patch (every change audited), cache clear. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly repo: SettingsRepository,
    private readonly users: UsersRepository,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditRepository,
  ) {}

  async get(owner: UserId): Promise<auth.Settings> {
    const [row, twoFactor] = await Promise.all([
      this.repo.find(owner),
      this.twoFactor.isEnabled(owner),
    ]);
    return toSettings(row, twoFactor);
  }

  /** single_device_mode, read at login. */
  async singleDevice(owner: UserId): Promise<boolean> {
    return (await this.repo.find(owner))?.singleDeviceMode === true;
  }

  async update(
    caller: CallerInfo,
    request: SettingsPatch,
  ): Promise<{ settings: auth.Settings; changed: string[] }> {
    const patch = named(request);
    const changed = await this.tx.run(async (m) => {
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
        const user = await this.users.setLanguage(m, caller.telegramId, next.language);
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
      if (NOTIFY_FIELDS.some((f) => next[f] !== undefined))
        await this.outbox.add(m, 'NotificationSettingsChanged', {
          telegramId: caller.telegramId,
          pushNotifications: next.pushNotifications ?? row.pushNotifications,
          sessionUpdates: next.sessionUpdates ?? row.sessionUpdates,
          systemUpdates: next.systemUpdates ?? row.systemUpdates,
          updatedAt: new Date().toISOString(),
        });
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

/** Language and theme as the names the rows hold; UNSPECIFIED or unknown values are refused. */
function named(patch: SettingsPatch): NamedPatch {
  const language =
    patch.language === undefined ? undefined : commonNames.language.toNameOr(patch.language, '');
  if (language === '')
    throw new SettingsException(SettingsErrorCode.InvalidSetting, 'language must be uz, ru or en');
  const theme =
    patch.theme === undefined ? undefined : authNames.theme.toNameOr(patch.theme, undefined);
  if (patch.theme !== undefined && theme === undefined)
    throw new SettingsException(SettingsErrorCode.InvalidSetting, 'theme must be light or dark');
  return { ...patch, language, theme };
}

export function toSettings(
  row: UserSettingsEntity | null,
  twoFactorEnabled: boolean,
): auth.Settings {
  return {
    language:
      commonNames.language.parse(row?.language ?? 'en') ?? commonNames.language.toProto('en'),
    pushNotifications: row?.pushNotifications ?? true,
    sessionUpdates: row?.sessionUpdates ?? true,
    systemUpdates: row?.systemUpdates ?? true,
    twoFactorEnabled,
    singleDeviceMode: row?.singleDeviceMode ?? false,
    batterySaver: row?.batterySaver ?? false,
    theme: authNames.theme.toProto(row?.theme ?? 'light'),
    lastUpdate: row?.lastUpdate.toISOString() ?? '',
  };
}
