import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

export const SubscriptionSchema = z.strictObject({
  model_id: z.string(),
  name: z.string(),
  is_free: z.boolean(),
  is_premium: z.boolean(),
  color: z.string().describe('#RRGGBB'),
  granted_by: z.number().int().describe('The admin’s telegram id; 0 for the automatic free plan'),
  granted_at: z.string(),
  expiry_date: z.string().nullable().describe('null: never expires'),
});
export type SubscriptionJson = z.input<typeof SubscriptionSchema>;

export const MySubscriptionsRoute = defineRoute({
  method: 'GET',
  path: '/api/auth/my-subscriptions',
  tags: ['auth'],
  access: 'user',
  summary:
    'The caller’s active subscriptions and subscription_version (call on reconnect or tab focus)',
  response: z.strictObject({
    version: z.number().int().describe('subscription_version: changes with every grant or revoke'),
    subscriptions: z.array(SubscriptionSchema),
  }),
});
