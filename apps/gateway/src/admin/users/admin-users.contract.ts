import { line, queryInt, text, z } from '../../common/zod';
import { telegramIdPath } from '../../contract/params';
import { defineRoute } from '../../contract/route-contract';
import { SubscriptionSchema } from '../../entitlements/entitlements.contract';
import { LoginRecordSchema } from '../../user/user.contract';

const UserSummarySchema = z.strictObject({
  telegram_id: z.number().int(),
  username: z.string(),
  first_name: z.string(),
  role: z.enum(['user', 'moderator', 'superadmin']),
  status: z.enum(['active', 'banned']),
  ban_reason: z.string().nullable(),
  last_login: z.string().nullable(),
  last_login_device: z.string(),
  created_at: z.string(),
});
export type UserSummaryJson = z.input<typeof UserSummarySchema>;

const UserSessionSchema = LoginRecordSchema.extend({ session_id: z.string() });
export type UserSessionJson = z.input<typeof UserSessionSchema>;

const HistoryEntrySchema = z.strictObject({
  id: z.string(),
  admin_id: z.number().int().describe('0: the system (an expiry)'),
  old_subscriptions: z.array(z.string()).describe('Model ids before the change'),
  new_subscriptions: z.array(z.string()).describe('Model ids after the change'),
  reason: z.string(),
  ip_address: z.string().nullable(),
  created_at: z.string(),
});
export type SubscriptionHistoryJson = z.input<typeof HistoryEntrySchema>;

const SubscriptionSetSchema = z.strictObject({
  version: z.number().int().describe('Bumped on every change (the live message carries it)'),
  subscriptions: z.array(SubscriptionSchema),
});
export type SubscriptionSetJson = z.input<typeof SubscriptionSetSchema>;

const UserParams = z.strictObject({ telegram_id: telegramIdPath });

const PageQuery = z.strictObject({
  limit: queryInt(1, 100).default(50),
  offset: queryInt(0, 1_000_000).default(0),
});

// Superadmins and moderators; auth-svc refuses a moderator acting on an admin (403 forbidden).
const admins = {
  tags: ['admin', 'users'],
  access: { roles: ['superadmin', 'moderator'] },
} as const;

export const ListUsersRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/users',
  summary: 'List users; `query` = username prefix or telegram id',
  query: PageQuery.extend({ query: line(64).default('') }),
  response: z.strictObject({
    users: z.array(UserSummarySchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

export const BanUserRoute = defineRoute({
  ...admins,
  method: 'PATCH',
  path: '/api/admin/users/:telegram_id/ban',
  summary: 'Ban a user: every session ends at once, logins are refused',
  params: UserParams,
  body: z.strictObject({ reason: text(500).default('') }),
  response: z.strictObject({ user: UserSummarySchema }),
  errors: { 404: ['user_not_found'] },
});

export const UnbanUserRoute = defineRoute({
  ...admins,
  method: 'PATCH',
  path: '/api/admin/users/:telegram_id/unban',
  summary: 'Lift a ban',
  params: UserParams,
  response: z.strictObject({ user: UserSummarySchema }),
  errors: { 404: ['user_not_found'] },
});

export const ResetUserTokenRoute = defineRoute({
  ...admins,
  method: 'POST',
  path: '/api/admin/users/:telegram_id/reset_token',
  summary: 'End every session of the user (their tokens stop working at once)',
  params: UserParams,
  response: z.strictObject({ revoked: z.number().int().describe('Sessions ended') }),
  errors: { 404: ['user_not_found'] },
});

export const UserSessionsRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/users/:telegram_id/sessions',
  summary: 'The user’s login sessions, newest first',
  params: UserParams,
  response: z.strictObject({ sessions: z.array(UserSessionSchema) }),
  errors: { 404: ['user_not_found'] },
});

const ModelId = z
  .string()
  .regex(/^[a-z0-9_-]{1,50}$/, 'model_id: lowercase letters, digits, _ or -');

export const GrantSubscriptionRoute = defineRoute({
  ...admins,
  method: 'POST',
  path: '/api/admin/users/:telegram_id/subscriptions',
  status: 201,
  summary: 'Grant a model for `days` (0 = no expiry); bumps the version and notifies the user live',
  params: UserParams,
  body: z.strictObject({
    model_id: z.string().regex(/^[a-z0-9_-]{1,50}$/),
    days: z.number().int().min(0).max(3650).default(30),
    reason: text(500).default(''),
  }),
  response: SubscriptionSetSchema,
  errors: { 400: ['invalid_days'], 404: ['user_not_found', 'model_not_found'] },
});

export const SubscriptionHistoryRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/users/:telegram_id/subscriptions/history',
  summary: 'Subscription changes of the user, newest first',
  params: UserParams,
  query: PageQuery,
  response: z.strictObject({ history: z.array(HistoryEntrySchema) }),
});

export const RevokeSubscriptionRoute = defineRoute({
  ...admins,
  method: 'DELETE',
  path: '/api/admin/users/:telegram_id/subscriptions/:model_id',
  summary: 'Revoke a model (`?reason=`); bumps the version and notifies the user live',
  params: z.strictObject({ telegram_id: telegramIdPath, model_id: ModelId }),
  query: z.strictObject({ reason: line(500).default('') }),
  response: SubscriptionSetSchema,
  errors: { 404: ['user_not_found', 'model_not_found', 'subscription_not_found'] },
});
