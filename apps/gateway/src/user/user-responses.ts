import { authNames, commonNames, type auth } from '@trafficshare/contracts';

/** "eyJhbGci...fT0=": enough to recognise a token, never enough to use it. */
export function maskToken(token: string): string {
  return token.length <= 16 ? '***' : `${token.slice(0, 8)}...${token.slice(-4)}`;
}

export function settingsJson(s: auth.Settings | undefined): Record<string, unknown> {
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

export function loginRecordJson(r: auth.LoginRecord): Record<string, unknown> {
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
