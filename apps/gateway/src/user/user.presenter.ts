import { authNames, commonNames, type auth } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { LoginRecordJson, ProfileJson, SettingsJson } from './user.contract';

/** "eyJhbGci...fT0=": enough to recognise a token, never enough to use it. */
export function maskToken(token: string): string {
  return token.length <= 16 ? '***' : `${token.slice(0, 8)}...${token.slice(-4)}`;
}

/** The caller's profile; `token` is the request's own access token (shown masked). */
export function profileJson(p: auth.GetProfileResponse, token: string): ProfileJson {
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

export function settingsJson(s: auth.Settings | undefined): SettingsJson {
  return {
    language: s ? commonNames.language.toNameOr(s.language, 'en') : 'en',
    push_notifications: s?.pushNotifications ?? true,
    session_updates: s?.sessionUpdates ?? true,
    system_updates: s?.systemUpdates ?? true,
    two_factor_enabled: s?.twoFactorEnabled ?? false,
    single_device_mode: s?.singleDeviceMode ?? false,
    battery_saver: s?.batterySaver ?? false,
    theme: s ? authNames.theme.toNameOr(s.theme, 'light') : 'light',
    last_update: s?.lastUpdate || null,
  };
}

export function loginRecordJson(r: auth.LoginRecord): LoginRecordJson {
  return {
    city: r.city,
    country: r.country,
    device: r.device,
    ip: r.ip,
    time: r.time,
    active: r.active,
    current: r.current,
  };
}
