import { queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { PromoSchema } from '../../promo/promo.contract';

const AdminPromoSchema = PromoSchema.extend({
  activations: z.number().int(),
  created_at: z.string(),
});
export type AdminPromoJson = z.input<typeof AdminPromoSchema>;

export const AdminPromoListQuery = z.strictObject({
  include_inactive: z.enum(['true', 'false']).default('true'),
  limit: queryInt(1, 100).default(50),
  offset: queryInt(0).default(0),
});

// Superadmins only.
const superadmin = { tags: ['admin', 'promo'], access: { roles: ['superadmin'] } } as const;

export const CreatePromoRoute = defineRoute({
  ...superadmin,
  method: 'POST',
  path: '/api/admin/promo',
  status: 201,
  summary: 'Create a promo code',
  body: z.strictObject({
    code: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/),
    bonus_percent: z.number().positive().max(100).describe('2 decimals at most'),
    expires_at: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    max_bonus_usd: z.number().positive().max(1_000_000).optional().describe('6 decimals at most'),
  }),
  response: z.strictObject({ promo: PromoSchema }),
  errors: {
    400: ['invalid_promo_code', 'invalid_bonus_percent', 'invalid_expires_at'],
    409: ['promo_code_exists'],
  },
});

export const AdminListPromoRoute = defineRoute({
  ...superadmin,
  method: 'GET',
  path: '/api/admin/promo',
  summary: 'Every promo code with its activations',
  query: AdminPromoListQuery,
  response: z.strictObject({ promo: z.array(AdminPromoSchema) }),
});

export const DeactivatePromoRoute = defineRoute({
  ...superadmin,
  method: 'PATCH',
  path: '/api/admin/promo/:code/deactivate',
  summary: 'Deactivate a promo code (idempotent)',
  params: z.strictObject({ code: z.string() }),
  response: z.strictObject({ promo: PromoSchema }),
  errors: { 400: ['invalid_promo_code'], 404: ['promo_not_found'] },
});
