import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { RefreshSchema, TelegramLoginSchema, WebAppLoginSchema } from './dto/login.dto';

const TokensShape = {
  token: z.string().describe('Access token (JWT), sent as `Authorization: Bearer <token>`'),
  refresh_token: z.string().describe('Single-use; rotate it with POST /api/auth/refresh'),
  expires_in: z.number().int().describe('Seconds the access token lives'),
};

const LoginSchema = z.strictObject({
  user: z.strictObject({
    telegram_id: z.number().int(),
    username: z.string(),
    first_name: z.string(),
    photo_url: z.string(),
    role: z.enum(['user', 'moderator', 'superadmin']),
    balance_usd: z.number().describe('0 at login; the dashboard loads the ledger’s balance'),
  }),
  ...TokensShape,
});
export type LoginJson = z.input<typeof LoginSchema>;

const login = {
  method: 'POST',
  tags: ['auth'],
  access: 'public',
  rateLimit: { name: 'auth_login', points: 20, windowS: 60, by: 'ip' },
  response: LoginSchema,
  errors: {
    400: ['invalid_payload'],
    401: ['invalid_signature', 'auth_expired', 'auth_date_in_future', 'auth_revoked'],
    403: ['user_banned'],
  },
} as const;

export const TelegramLoginRoute = defineRoute({
  ...login,
  path: '/api/auth/telegram',
  summary: 'Log in with the Telegram Login Widget payload',
  body: TelegramLoginSchema,
});

export const WebAppLoginRoute = defineRoute({
  ...login,
  path: '/api/auth/webapp',
  summary: 'Log in from the Telegram Mini App with its raw initData',
  body: WebAppLoginSchema,
});

export const RefreshRoute = defineRoute({
  method: 'POST',
  path: '/api/auth/refresh',
  tags: ['auth'],
  access: 'public',
  rateLimit: { name: 'auth_refresh', points: 30, windowS: 60, by: 'ip' },
  summary: 'Rotate a refresh token: a new access token and a new refresh token',
  description:
    '`refresh_token_reused` means the token was already spent: every session of that login was ended.',
  body: RefreshSchema,
  response: z.strictObject(TokensShape),
  errors: {
    401: ['invalid_refresh_token', 'refresh_token_reused', 'session_revoked', 'session_expired'],
    403: ['user_banned'],
  },
});
