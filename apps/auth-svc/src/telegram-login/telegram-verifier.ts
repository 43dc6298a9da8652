import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { isUserId, type UserId } from '@trafficshare/identity';

/** The user a verified Telegram payload describes. */
export interface TelegramIdentity {
  readonly telegramId: UserId;
  readonly firstName: string;
  readonly lastName: string | null;
  readonly username: string | null;
  readonly photoUrl: string | null;
  readonly languageCode: string | null;
  readonly authDate: number;
  /** Mini App `start_param` (the `startapp` link parameter); null for the Login Widget. */
  readonly startParam: string | null;
}

export type VerifyFailure = 'malformed' | 'invalid_signature' | 'expired' | 'future';

export interface VerifyOptions {
  readonly botToken: string;
  readonly maxAgeS: number;
  readonly nowS: number;
}

// Telegram may be a few seconds ahead of us; anything later is a forged or replayed payload.
const FUTURE_SKEW_S = 30;
const HEX64 = /^[0-9a-f]{64}$/;
const WIDGET_KEYS = new Set([
  'id',
  'first_name',
  'last_name',
  'username',
  'photo_url',
  'auth_date',
  'hash',
]);
const MAX_FIELD = 2048;

/** Data-check-string: every key=value except hash, sorted by key, joined by "\n". */
export function dataCheckString(fields: ReadonlyMap<string, string>): string {
  return [...fields.entries()]
    .filter(([k]) => k !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

function hashMatches(secret: Buffer, fields: ReadonlyMap<string, string>, hash: string): boolean {
  const expected = createHmac('sha256', secret).update(dataCheckString(fields)).digest();
  const given = Buffer.from(hash, 'hex');
  // Both 32 bytes (hash checked as 64 hex chars): timingSafeEqual needs equal lengths.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function checkDate(raw: string | undefined, options: VerifyOptions): number | VerifyFailure {
  if (raw === undefined || !/^\d{1,12}$/.test(raw)) return 'malformed';
  const authDate = Number(raw);
  if (authDate > options.nowS + FUTURE_SKEW_S) return 'future';
  if (options.nowS - authDate > options.maxAgeS) return 'expired';
  return authDate;
}

function positiveId(raw: unknown): UserId | undefined {
  if (typeof raw === 'number') return isUserId(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\d{1,16}$/.test(raw)) {
    const n = Number(raw);
    return isUserId(n) ? n : undefined;
  }
  return undefined;
}

const optional = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, 256) : null;

/**
 * Login Widget (https://core.telegram.org/widgets/login#checking-authorization):
 * secret = SHA256(bot token), hash = hex HMAC-SHA256(secret, data-check-string).
 * Signature first, then freshness: an unsigned payload learns nothing about our clock.
 */
export function verifyLoginWidget(
  pairs: ReadonlyArray<{ key: string; value: string }>,
  options: VerifyOptions,
): TelegramIdentity | VerifyFailure {
  const fields = new Map<string, string>();
  for (const { key, value } of pairs) {
    if (!WIDGET_KEYS.has(key) || fields.has(key) || value.length > MAX_FIELD) return 'malformed';
    fields.set(key, value);
  }
  const hash = fields.get('hash');
  if (!hash || !HEX64.test(hash)) return 'invalid_signature';
  const secret = createHash('sha256').update(options.botToken).digest();
  if (!hashMatches(secret, fields, hash)) return 'invalid_signature';
  const authDate = checkDate(fields.get('auth_date'), options);
  if (typeof authDate === 'string') return authDate;
  const telegramId = positiveId(fields.get('id'));
  if (telegramId === undefined) return 'malformed';
  return {
    telegramId,
    firstName: (fields.get('first_name') ?? '').slice(0, 256),
    lastName: optional(fields.get('last_name')),
    username: optional(fields.get('username')),
    photoUrl: optional(fields.get('photo_url')),
    languageCode: null,
    authDate,
    startParam: null,
  };
}

/**
 * Mini App (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
 * secret = HMAC_SHA256(key "WebAppData", bot token); the data-check-string is built from the
 * URL-decoded initData pairs without hash (signature stays, it is signed too in Bot API 8+).
 */
export function verifyWebAppInitData(
  initData: string,
  options: VerifyOptions,
): TelegramIdentity | VerifyFailure {
  if (initData.length === 0 || initData.length > 8192) return 'malformed';
  const params = new URLSearchParams(initData);
  const fields = new Map<string, string>();
  for (const [key, value] of params) {
    if (fields.has(key)) return 'malformed';
    fields.set(key, value);
  }
  const hash = fields.get('hash');
  if (!hash || !HEX64.test(hash)) return 'invalid_signature';
  const secret = createHmac('sha256', 'WebAppData').update(options.botToken).digest();
  if (!hashMatches(secret, fields, hash)) return 'invalid_signature';
  const authDate = checkDate(fields.get('auth_date'), options);
  if (typeof authDate === 'string') return authDate;
  let user: unknown;
  try {
    user = JSON.parse(fields.get('user') ?? 'null');
  } catch {
    return 'malformed';
  }
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return 'malformed';
  const u = user as Record<string, unknown>;
  const telegramId = positiveId(u.id);
  if (telegramId === undefined || typeof u.id !== 'number') return 'malformed';
  if (u.first_name !== undefined && typeof u.first_name !== 'string') return 'malformed';
  return {
    telegramId,
    firstName: typeof u.first_name === 'string' ? u.first_name.slice(0, 256) : '',
    lastName: optional(u.last_name),
    username: optional(u.username),
    photoUrl: optional(u.photo_url),
    languageCode: optional(u.language_code),
    authDate,
    startParam: optional(fields.get('start_param')),
  };
}
