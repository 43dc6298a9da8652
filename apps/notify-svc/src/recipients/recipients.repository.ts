import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { asLanguage, type Language } from '../common/catalogue';

/** What a user asked for: their language and notification settings. */
export interface Profile {
  readonly language: Language;
  /** Off: in-app only, no push. */
  readonly push: boolean;
  /** Session summaries, income, earnings reports. */
  readonly session: boolean;
  /** Announcements, price. */
  readonly system: boolean;
}

/** Notifications by the setting that governs them; `account` ones (payouts, security,
 *  referrals, support) are always sent. */
export type Category = 'account' | 'session' | 'system';

export const DEFAULT_PROFILE: Profile = { language: 'en', push: true, session: true, system: true };

export const wants = (p: Profile, category: Category): boolean =>
  category === 'account' || (category === 'session' ? p.session : p.system);

interface ProfileRow {
  telegram_id: string;
  language: string;
  push_notifications: boolean;
  session_updates: boolean;
  system_updates: boolean;
}

const toProfile = (r: ProfileRow): Profile => ({
  language: asLanguage(r.language),
  push: r.push_notifications,
  session: r.session_updates,
  system: r.system_updates,
});

/** What notify-svc knows of users: language and notification settings, copied from auth-svc's
 *  events (unknown users read as English with everything on). */
@Injectable()
export class RecipientsRepository {
  private readonly table: string;

  constructor(@Inject(SERVICE_CONTEXT) ctx: ServiceContext) {
    this.table = `"${ctx.schema}"."recipients"`;
  }

  async setLanguage(m: EntityManager, owner: UserId, language: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO ${this.table} (telegram_id, language, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (telegram_id) DO UPDATE SET language = EXCLUDED.language, updated_at = EXCLUDED.updated_at
       WHERE ${this.table}.updated_at <= EXCLUDED.updated_at`,
      [owner, asLanguage(language), at],
    );
  }

  async setSettings(
    m: EntityManager,
    owner: UserId,
    settings: { push: boolean; session: boolean; system: boolean },
    at: Date,
  ): Promise<void> {
    // updated_at orders language changes: a settings row created first takes any language.
    await m.query(
      `INSERT INTO ${this.table}
         (telegram_id, updated_at, push_notifications, session_updates, system_updates, settings_at)
       VALUES ($1, 'epoch', $3, $4, $5, $2)
       ON CONFLICT (telegram_id) DO UPDATE SET push_notifications = EXCLUDED.push_notifications,
         session_updates = EXCLUDED.session_updates, system_updates = EXCLUDED.system_updates,
         settings_at = EXCLUDED.settings_at
       WHERE ${this.table}.settings_at IS NULL OR ${this.table}.settings_at <= EXCLUDED.settings_at`,
      [owner, at, settings.push, settings.session, settings.system],
    );
  }

  /** The owners' profiles (defaults for users notify-svc has not heard of). */
  async profiles(m: EntityManager, owners: readonly UserId[]): Promise<Map<number, Profile>> {
    const out = new Map<number, Profile>(owners.map((o) => [o, DEFAULT_PROFILE]));
    if (owners.length === 0) return out;
    const rows: ProfileRow[] = await m.query(
      `SELECT telegram_id, language, push_notifications, session_updates, system_updates
       FROM ${this.table} WHERE telegram_id = ANY($1::bigint[])`,
      [owners],
    );
    for (const r of rows) out.set(Number(r.telegram_id), toProfile(r));
    return out;
  }

  /** Owners among these who turned push off. */
  async pushOff(m: EntityManager, owners: readonly UserId[]): Promise<Set<number>> {
    if (owners.length === 0) return new Set();
    const rows: { telegram_id: string }[] = await m.query(
      `SELECT telegram_id FROM ${this.table}
       WHERE telegram_id = ANY($1::bigint[]) AND NOT push_notifications`,
      [owners],
    );
    return new Set(rows.map((r) => Number(r.telegram_id)));
  }

  async languages(m: EntityManager, owners: readonly UserId[]): Promise<Map<number, Language>> {
    if (owners.length === 0) return new Map();
    const rows: { telegram_id: string; language: string }[] = await m.query(
      `SELECT telegram_id, language FROM ${this.table} WHERE telegram_id = ANY($1::bigint[])`,
      [owners],
    );
    return new Map(rows.map((r) => [Number(r.telegram_id), asLanguage(r.language)]));
  }

  /** Every known user who wants the category, with their profile, a page at a time
   *  (broadcast notifications). */
  async page(
    m: EntityManager,
    after: number,
    limit: number,
    category: Category = 'account',
  ): Promise<({ telegramId: UserId } & Profile)[]> {
    const rows: ProfileRow[] = await m.query(
      `SELECT telegram_id, language, push_notifications, session_updates, system_updates
       FROM ${this.table} WHERE telegram_id > $1
         AND ($3 <> 'session' OR session_updates) AND ($3 <> 'system' OR system_updates)
       ORDER BY telegram_id LIMIT $2`,
      [after, limit, category],
    );
    return rows.map((r) => ({ telegramId: Number(r.telegram_id) as UserId, ...toProfile(r) }));
  }
}
