import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { ActivateSchema } from './promo.dto';

export const PromoSchema = z.strictObject({
  code: z.string(),
  bonus_percent: z.number().describe('Percent of the available balance credited (2 decimals)'),
  expires_at: z.string().nullable().describe('null: never expires'),
  is_active: z.boolean(),
  max_bonus_usd: z.number().nullable().describe('null: no cap'),
});
export type PromoJson = z.input<typeof PromoSchema>;

const ActivatedSchema = z.strictObject({
  code: z.string(),
  bonus_usd: z.number(),
  base_usd: z.number().describe('The available balance the percentage was applied to'),
  new_balance_usd: z.number(),
  transfer_id: z.string(),
});
export type ActivatedJson = z.input<typeof ActivatedSchema>;

const user = { tags: ['promo'], access: 'user' } as const;

export const PromoListRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/promo/list',
  summary: 'Active, unexpired promo codes',
  response: z.strictObject({ promo: z.array(PromoSchema) }),
});

export const ActivatePromoRoute = defineRoute({
  ...user,
  method: 'POST',
  path: '/api/promo/activate',
  rateLimit: { name: 'promo_activate', points: 5, windowS: 60, by: 'user' },
  summary: 'Activate a code once: bonus_percent of the available balance is credited',
  description:
    'The bonus is rounded down to the micro-USD and capped by the code’s `max_bonus_usd`; the ledger credits it.',
  body: ActivateSchema,
  response: ActivatedSchema,
  errors: {
    400: ['invalid_promo_code'],
    403: ['forbidden'],
    404: ['promo_not_found'],
    409: ['promo_already_activated'],
    422: ['promo_inactive', 'promo_expired', 'promo_no_balance'],
  },
});
