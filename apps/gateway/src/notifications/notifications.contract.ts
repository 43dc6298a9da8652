import { line, queryInt, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

const user = { tags: ['notifications'], access: 'user' } as const;

export const RegisterDeviceBody = z.strictObject({
  device_id: line(128).min(1),
  fcm_token: line(4096).min(20).describe('The FCM registration token of this app install'),
  platform: z.enum(['android', 'ios', 'web']),
  notifications_enabled: z.boolean().default(true),
});

const NotificationSchema = z.strictObject({
  id: z.string(),
  type: z.string().describe('income | price | payout | security | support | news | admin'),
  title: z.string(),
  body: z.string(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
  opened_at: z.string().nullable(),
  read_at: z.string().nullable(),
});
export type NotificationJson = z.input<typeof NotificationSchema>;

export const RegisterDeviceRoute = defineRoute({
  ...user,
  method: 'POST',
  path: '/api/device/register',
  aliases: ['/api/register_device'],
  rateLimit: { name: 'device_register', points: 20, windowS: 60, by: 'user' },
  summary: 'Register (or refresh) this device’s FCM token for push notifications',
  description:
    'One row per token: the same token again refreshes it (tokens not refreshed for 30 days are dropped; a token FCM reports unregistered is deleted at once).',
  body: RegisterDeviceBody,
  response: z.strictObject({ created: z.boolean(), registered_at: z.string() }),
  errors: { 400: ['invalid_device', 'invalid_fcm_token', 'invalid_platform'] },
});

export const ListNotificationsRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/user/notifications',
  summary: 'The caller’s notifications, newest first, with the unread count',
  query: z.strictObject({
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 1_000_000).default(0),
    unread_only: z.enum(['true', 'false']).default('false'),
  }),
  response: z.strictObject({
    notifications: z.array(NotificationSchema),
    total: z.number().int(),
    unread: z.number().int(),
  }),
});

export const AckNotificationsRoute = defineRoute({
  ...user,
  method: 'POST',
  path: '/api/notifications/ack',
  summary: 'Mark notifications delivered, opened or read (`all: true` marks every one)',
  body: z
    .strictObject({
      ids: z.array(z.uuid()).max(100).default([]),
      status: z.enum(['delivered', 'opened', 'read']),
      all: z.boolean().default(false),
    })
    .refine((b) => b.all || b.ids.length > 0, { message: 'send ids or all: true', path: ['ids'] }),
  response: z.strictObject({ updated: z.number().int(), unread: z.number().int() }),
  errors: { 400: ['invalid_notification_ids', 'invalid_ack'] },
});
