import { authNames } from '@trafficshare/contracts';

import { queryInt, z } from '../../common/zod';
import { namesOf } from '../../contract/params';
import { defineRoute } from '../../contract/route-contract';

const nameOr = <const N extends string>(names: readonly N[]) =>
  z.union([namesOf(names), z.literal('')]);

const ApiKeySchema = z.strictObject({
  id: z.string(),
  telegram_id: z.number().int().describe('The owner'),
  type: nameOr(authNames.apiKeyType.names),
  limit_mb: z.number().int(),
  used_mb: z.number(),
  expiry_date: z.string(),
  status: nameOr(authNames.apiKeyStatus.names),
  key_prefix: z.string().describe('First characters of the key, to recognise it'),
  created_at: z.string(),
});
export type ApiKeyJson = z.input<typeof ApiKeySchema>;

const LIMIT_MB_MAX = 100 * 1024 * 1024;

export const ListApiKeysQuery = z.strictObject({
  telegram_id: queryInt(1).optional(),
  limit: queryInt(1, 100).default(50),
  offset: queryInt(0).default(0),
});

const KeyParams = z.strictObject({ id: z.uuid() });

// Superadmins and moderators.
const admins = {
  tags: ['admin', 'api-keys'],
  access: { roles: ['superadmin', 'moderator'] },
} as const;

export const CreateApiKeyRoute = defineRoute({
  ...admins,
  method: 'POST',
  path: '/api/admin/apis/create',
  status: 201,
  summary: 'Create a key for a user; the key is in this response only (stored hashed)',
  body: z.strictObject({
    telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    type: z.enum(['traffic', 'rotation']),
    limit_mb: z.number().int().min(1).max(LIMIT_MB_MAX),
    days: z.number().int().min(1).max(3650),
  }),
  response: z.strictObject({
    api_key: z.string().describe('The key itself: shown once'),
    api: ApiKeySchema,
  }),
  errors: {
    400: ['invalid_api_key_type', 'invalid_limit', 'invalid_days'],
    404: ['user_not_found'],
  },
});

export const ListApiKeysRoute = defineRoute({
  ...admins,
  method: 'GET',
  path: '/api/admin/apis',
  summary: 'Keys: owner, limit, usage, status, expiry (never the key)',
  query: ListApiKeysQuery,
  response: z.strictObject({ apis: z.array(ApiKeySchema), total: z.number().int() }),
});

export const UpdateApiKeyRoute = defineRoute({
  ...admins,
  method: 'PATCH',
  path: '/api/admin/apis/:id',
  summary: 'Activate/deactivate, change the limit, extend the expiry',
  params: KeyParams,
  body: z
    .strictObject({
      status: z.enum(['active', 'inactive']).optional(),
      limit_mb: z.number().int().min(1).max(LIMIT_MB_MAX).optional(),
      extend_days: z.number().int().min(1).max(3650).optional(),
    })
    .refine((v) => Object.keys(v).length > 0, 'send status, limit_mb or extend_days'),
  response: z.strictObject({ api: ApiKeySchema }),
  errors: {
    400: ['invalid_argument', 'invalid_status', 'invalid_limit', 'invalid_days'],
    404: ['api_key_not_found'],
  },
});

export const DeleteApiKeyRoute = defineRoute({
  ...admins,
  method: 'DELETE',
  path: '/api/admin/apis/:id',
  summary: 'Delete a key',
  params: KeyParams,
  response: z.strictObject({}),
  errors: { 400: ['invalid_argument'], 404: ['api_key_not_found'] },
});
