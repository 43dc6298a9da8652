import { authNames, commonNames } from '@trafficshare/contracts';

import { z } from '../common/zod';
import { namesOf } from '../contract/params';
import { defineRoute } from '../contract/route-contract';
import {
  CodeSchema,
  HistoryQuerySchema,
  OptionalCodeSchema,
  SettingsPatchSchema,
  ThemeSchema,
} from './user.dto';

// The user routes predate the envelope: their bodies carry no `"status":"success"` (the settings
// ones carry their own `status`), so every route here says `envelope: false`.

const LanguageSchema = namesOf(commonNames.language.names);
const ThemeNameSchema = namesOf(authNames.theme.names);

const ProfileSchema = z.strictObject({
  telegram_id: z.number().int(),
  username: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  photo_url: z.string(),
  role: z.enum(['user', 'moderator', 'superadmin']),
  language: LanguageSchema,
  auth_date: z.string().nullable().describe('Last login'),
  jwt_token: z.string().describe('The request’s access token, masked ("eyJhbGci...fT0=")'),
  two_factor_enabled: z.boolean(),
  last_login_ip: z.string(),
  last_login_device: z.string(),
  subscription_version: z.number().int(),
});
export type ProfileJson = z.input<typeof ProfileSchema>;

const SettingsShape = {
  language: LanguageSchema,
  push_notifications: z.boolean(),
  session_updates: z.boolean(),
  system_updates: z.boolean(),
  two_factor_enabled: z.boolean(),
  single_device_mode: z.boolean(),
  battery_saver: z.boolean(),
  theme: ThemeNameSchema,
  last_update: z.string().nullable(),
};
const SettingsSchema = z.strictObject(SettingsShape);
export type SettingsJson = z.input<typeof SettingsSchema>;

export const LoginRecordSchema = z.strictObject({
  city: z.string(),
  country: z.string(),
  device: z.string(),
  ip: z.string(),
  time: z.string(),
  active: z.boolean().describe('The login’s session is still open'),
  current: z.boolean().describe('The session of this request'),
});
export type LoginRecordJson = z.input<typeof LoginRecordSchema>;

const LoginHistorySchema = z.strictObject({ history: z.array(LoginRecordSchema) });

const profile = {
  tags: ['user'],
  access: 'user',
  envelope: false,
  rateLimit: { name: 'user', points: 300, windowS: 60, by: 'user' },
} as const;

export const ProfileRoute = defineRoute({
  ...profile,
  method: 'GET',
  path: '/api/user/profile',
  summary: 'The caller’s profile and security state',
  response: ProfileSchema,
});

export const RenewTokenRoute = defineRoute({
  ...profile,
  method: 'POST',
  path: '/api/user/token/renew',
  summary:
    'A new access token for this session; 2FA users send `code` (three renewals without one end the session)',
  body: OptionalCodeSchema,
  response: z.strictObject({
    message: z.literal('Token successfully renewed'),
    jwt_token: z.string(),
    expires_in: z.number().int().describe('Seconds the access token lives'),
  }),
  errors: {
    401: ['forced_logout'],
    403: ['forbidden', 'invalid_two_factor_code'],
  },
});

export const LogoutRoute = defineRoute({
  ...profile,
  method: 'POST',
  path: '/api/user/logout',
  summary: 'End this session (its tokens stop working at once)',
  response: z.strictObject({ message: z.literal('Successfully logged out') }),
});

export const LogoutAllRoute = defineRoute({
  ...profile,
  method: 'POST',
  path: '/api/user/logout_all',
  summary: 'End every session of the caller (needs `code` when 2FA is on)',
  body: OptionalCodeSchema,
  response: z.strictObject({
    message: z.literal('All sessions ended'),
    revoked: z.number().int().describe('Sessions ended'),
  }),
  errors: {
    403: ['two_factor_required', 'invalid_two_factor_code'],
    429: ['too_many_two_factor_attempts'],
  },
});

export const LoginHistoryRoute = defineRoute({
  ...profile,
  method: 'GET',
  path: '/api/user/login_history',
  summary: 'The last 5 logins (city, device, IP, time)',
  response: LoginHistorySchema,
});

export const FullLoginHistoryRoute = defineRoute({
  ...profile,
  method: 'GET',
  path: '/api/user/login_history/full',
  summary: 'Premium: the full login history (up to 100), paginated by `limit`',
  query: HistoryQuerySchema,
  response: LoginHistorySchema,
  errors: { 403: ['subscription_required'] },
});

const settings = {
  tags: ['settings'],
  access: 'user',
  envelope: false,
  // Seed: request throttling of 3 requests/s per user on the settings page.
  rateLimit: { name: 'settings', points: 180, windowS: 60, by: 'user' },
} as const;
const twoFactor = {
  ...settings,
  method: 'POST',
  rateLimit: { name: 'two_factor', points: 10, windowS: 60, by: 'user' },
} as const;

export const GetSettingsRoute = defineRoute({
  ...settings,
  method: 'GET',
  path: '/api/user/settings',
  summary: 'The caller’s settings',
  response: SettingsSchema,
});

export const PatchSettingsRoute = defineRoute({
  ...settings,
  method: 'PATCH',
  path: '/api/user/settings',
  summary: 'Change settings (each change is audited); 2FA has its own routes',
  body: SettingsPatchSchema,
  response: z.strictObject({
    status: z.literal('updated'),
    ...SettingsShape,
    changed: z.array(z.string()).describe('The settings this request changed'),
  }),
  errors: { 400: ['invalid_argument'] },
});

export const ThemeRoute = defineRoute({
  ...settings,
  method: 'PATCH',
  path: '/api/user/settings/theme',
  summary: 'Switch dark/light theme',
  body: ThemeSchema,
  response: z.strictObject({ status: z.literal('updated'), theme: ThemeNameSchema }),
  errors: { 400: ['invalid_argument'] },
});

export const CacheClearRoute = defineRoute({
  ...settings,
  method: 'DELETE',
  path: '/api/user/settings/cache_clear',
  summary: 'Clear the server-side caches of the caller (never anyone else’s)',
  response: z.strictObject({ status: z.literal('cleared'), cleared: z.number().int() }),
});

export const EnrollTwoFactorRoute = defineRoute({
  ...twoFactor,
  path: '/api/user/security/2fa',
  summary: 'Start TOTP enrolment: the secret and otpauth URI (shown only now); then verify a code',
  response: z.strictObject({
    status: z.literal('pending'),
    secret: z.string().describe('Base32 TOTP secret'),
    otpauth_uri: z.string(),
  }),
  errors: { 409: ['two_factor_already_enabled'] },
});

export const VerifyTwoFactorRoute = defineRoute({
  ...twoFactor,
  path: '/api/user/security/2fa/verify',
  summary: 'Verify the first code: turns 2FA on',
  body: CodeSchema,
  response: z.strictObject({ status: z.literal('enabled'), two_factor_enabled: z.literal(true) }),
  errors: {
    403: ['invalid_two_factor_code'],
    409: ['two_factor_already_enabled'],
    422: ['two_factor_not_enrolled'],
    429: ['too_many_two_factor_attempts'],
  },
});

export const DisableTwoFactorRoute = defineRoute({
  ...twoFactor,
  path: '/api/user/security/disable_2fa',
  summary: 'Turn 2FA off (critical: needs a current code)',
  body: CodeSchema.partial(),
  response: z.strictObject({
    status: z.literal('disabled'),
    two_factor_enabled: z.literal(false),
  }),
  errors: {
    403: ['two_factor_required', 'invalid_two_factor_code'],
    422: ['two_factor_not_enabled'],
    429: ['too_many_two_factor_attempts'],
  },
});
