import { isDeepStrictEqual } from 'node:util';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import {
  CronSettingsSchema,
  SecuritySettingsSchema,
  SYSTEM_SETTING_KEYS,
  type CronSettings,
  type SecuritySettings,
  type SystemSettingKey,
} from '@trafficshare/config';
import type { auth } from '@trafficshare/contracts';
import { Transactions } from '@trafficshare/database';
import { requireRole, type CallerInfo } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, OUTBOX } from '@trafficshare/service-kit';

import { AuditRepository } from '../common/audit.repository';
import type { AppConfig } from '../config';
import type { SystemSettingEntity } from './system-setting.entity';
import { SystemSettingsRepository } from './system-settings.repository';
import {
  SystemSettingsErrorCode as Code,
  SystemSettingsException,
} from './system-settings.exception';

// Replicas see another replica's change within this time (the writer's own cache is cleared).
const CACHE_MS = 2_000;

type Stored = Map<string, SystemSettingEntity>;
type Values = { security: SecuritySettings; cron: CronSettings };

const SCHEMAS = { security: SecuritySettingsSchema, cron: CronSettingsSchema } as const;

const isKey = (k: string): k is SystemSettingKey =>
  (SYSTEM_SETTING_KEYS as readonly string[]).includes(k);

/**
 * The platform's system settings (security: token lifetimes and the 2FA policy; cron: periodic
 * job intervals). auth-svc owns them: stored in `system_settings`, read here when tokens are
 * issued (so a change applies without a restart), and published as SystemSettingsChanged (all
 * settings in each event) for the other services' replicas.
 */
@Injectable()
export class SystemSettingsService implements OnApplicationBootstrap {
  private cache: { at: number; rows: Promise<Stored> } | undefined;

  constructor(
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: SystemSettingsRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** What applies when nothing is stored: the service's configuration. */
  defaults(): Values {
    return {
      security: {
        access_token_ttl_s: this.config.ACCESS_TOKEN_TTL_S,
        refresh_token_ttl_s: this.config.REFRESH_TOKEN_TTL_S,
        two_factor_max_renewals_without_code: 3,
      },
      cron: {},
    };
  }

  /** The security setting in force now (stored over defaults). */
  async security(): Promise<SecuritySettings> {
    return (await this.effective()).security;
  }

  async list(caller: CallerInfo): Promise<auth.SystemSetting[]> {
    requireRole(caller, 'superadmin');
    const stored = await this.stored(true);
    const values = this.merge(stored);
    return SYSTEM_SETTING_KEYS.map((key) => this.present(key, values[key], stored.get(key)));
  }

  /**
   * Merges `patchJson` (an object; a null field goes back to its default) into the setting,
   * validates the result, stores it and publishes every setting. The same value again is a no-op.
   */
  async update(caller: CallerInfo, key: string, patchJson: string): Promise<auth.SystemSetting> {
    requireRole(caller, 'superadmin');
    if (!isKey(key))
      throw new SystemSettingsException(
        Code.UnknownSetting,
        `Unknown setting; one of ${SYSTEM_SETTING_KEYS.join(', ')}`,
      );
    const patch = parseObject(patchJson);
    const row = await this.tx.run(async (m) => {
      const current = await this.repo.lock(m, key);
      const base: Record<string, unknown> = { ...this.defaults()[key], ...(current?.value ?? {}) };
      for (const [field, v] of Object.entries(patch)) {
        if (v === null) {
          const d = (this.defaults()[key] as Record<string, unknown>)[field];
          if (d === undefined) delete base[field];
          else base[field] = d;
        } else base[field] = v;
      }
      const parsed = SCHEMAS[key].safeParse(base);
      if (!parsed.success)
        throw new SystemSettingsException(
          Code.InvalidSetting,
          parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || key}: ${i.message}`)
            .join('; '),
        );
      const value = parsed.data as Record<string, unknown>;
      if (current && isDeepStrictEqual(current.value, value)) return current;
      const next: SystemSettingEntity = {
        key,
        value,
        updatedAt: new Date(),
        updatedBy: caller.telegramId,
      };
      await this.repo.put(m, next);
      await this.audit.add(
        {
          actorId: caller.telegramId,
          targetId: 0,
          action: 'admin.system_settings.update',
          details: { key, old: current?.value ?? null, new: value },
          ip: caller.ip,
        },
        m,
      );
      const all = new Map((await this.repo.all(m)).map((r) => [r.key, r]));
      await this.publish(m, key, all);
      return next;
    });
    this.cache = undefined;
    return this.present(key, this.merge(await this.stored(true))[key], row);
  }

  /** Re-publishes the stored settings, so the event stream always holds the current ones. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.tx.run(async (m) =>
        this.publish(m, '', new Map((await this.repo.all(m)).map((r) => [r.key, r]))),
      );
    } catch (err) {
      this.logger.warn({ err }, 'system settings not re-published at boot');
    }
  }

  private async publish(m: EntityManager, key: string, stored: Stored): Promise<void> {
    const settings = Object.fromEntries([...stored].map(([k, r]) => [k, r.value]));
    await this.outbox.add(m, 'SystemSettingsChanged', {
      key,
      settingsJson: JSON.stringify(settings),
      updatedAt: (stored.get(key)?.updatedAt ?? new Date()).toISOString(),
      updatedBy: stored.get(key)?.updatedBy ?? 0,
    });
  }

  private async effective(): Promise<Values> {
    return this.merge(await this.stored(false));
  }

  private stored(fresh: boolean): Promise<Stored> {
    const now = Date.now();
    if (fresh || !this.cache || now - this.cache.at > CACHE_MS) {
      const rows = this.repo.all().then((r) => new Map(r.map((x) => [x.key, x])));
      this.cache = { at: now, rows };
      rows.catch(() => (this.cache = undefined));
    }
    return this.cache.rows;
  }

  private merge(stored: Stored): Values {
    const d = this.defaults();
    const security = SecuritySettingsSchema.safeParse({
      ...d.security,
      ...(stored.get('security')?.value ?? {}),
    });
    const cron = CronSettingsSchema.safeParse(stored.get('cron')?.value ?? {});
    return {
      security: security.success ? security.data : d.security,
      cron: cron.success ? cron.data : d.cron,
    };
  }

  private present(
    key: SystemSettingKey,
    value: unknown,
    row: SystemSettingEntity | undefined,
  ): auth.SystemSetting {
    return {
      key,
      valueJson: JSON.stringify(value),
      updatedAt: row?.updatedAt.toISOString() ?? '',
      updatedBy: row?.updatedBy ?? 0,
    };
  }
}

function parseObject(json: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new SystemSettingsException(Code.InvalidSetting, 'The value must be a JSON object');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new SystemSettingsException(Code.InvalidSetting, 'The value must be a JSON object');
  return v as Record<string, unknown>;
}
