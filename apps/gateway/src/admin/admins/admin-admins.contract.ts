import { z } from '../../common/zod';
import { telegramIdPath } from '../../contract/params';
import { defineRoute } from '../../contract/route-contract';

const AdminRoleSchema = z.enum(['moderator', 'superadmin']);

const AdminSchema = z.strictObject({
  telegram_id: z.number().int(),
  username: z.string(),
  phone: z.string(),
  role: AdminRoleSchema,
  from_env: z.boolean().describe('A superadmin from ADMIN_IDS (managed by the environment)'),
  created_at: z.string().nullable(),
});
export type AdminJson = z.input<typeof AdminSchema>;

const AdminParams = z.strictObject({ id: telegramIdPath });

// Superadmins only (moderators get 403 `forbidden`).
const superadmin = { tags: ['admin', 'admins'], access: { roles: ['superadmin'] } } as const;

export const ListAdminsRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/admins',
  summary: 'Every admin (ADMIN_IDS superadmins marked from_env)',
  response: z.strictObject({ admins: z.array(AdminSchema) }),
});

export const AddAdminRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/admins/add',
  status: 201,
  summary: 'Add an admin (moderator by default)',
  body: z.strictObject({
    telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    username: z.string().max(64).default(''),
    phone: z.string().max(32).default(''),
    role: AdminRoleSchema.default('moderator'),
  }),
  response: z.strictObject({ admin: AdminSchema }),
  errors: { 400: ['invalid_role'], 409: ['admin_exists'], 422: ['env_superadmin'] },
});

export const UpdateAdminRoute = defineRoute({
  ...superadmin,
  method: 'PATCH',
  path: '/api/admin/admins/:id',
  summary: 'Edit an admin’s role or contact; a demotion ends their sessions',
  params: AdminParams,
  body: z.strictObject({
    role: AdminRoleSchema.optional(),
    username: z.string().max(64).optional(),
    phone: z.string().max(32).optional(),
  }),
  response: z.strictObject({ admin: AdminSchema }),
  errors: { 400: ['invalid_role'], 404: ['admin_not_found'], 422: ['env_superadmin'] },
});

export const RemoveAdminRoute = defineRoute({
  ...superadmin,
  method: 'DELETE',
  path: '/api/admin/admins/:id',
  summary: 'Remove an admin; their sessions end at once',
  params: AdminParams,
  response: z.strictObject({}),
  errors: { 404: ['admin_not_found'], 422: ['env_superadmin'] },
});
