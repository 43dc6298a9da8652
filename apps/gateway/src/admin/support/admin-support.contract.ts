import { queryInt, text, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { SupportTicketSchema, ticketIdParams } from '../../support/support.contract';

const admin = { tags: ['support'], access: { roles: ['superadmin'] } } as const;

export const AdminListSupportRoute = defineRoute({
  ...admin,
  method: 'GET',
  path: '/api/admin/support',
  summary: 'Support requests (admin), newest first, filtered by status and user',
  query: z.strictObject({
    status: z.enum(['new', 'read', 'replied', 'closed', 'any']).default('any'),
    telegram_id: queryInt(0, Number.MAX_SAFE_INTEGER).default(0),
    limit: queryInt(1, 200).default(50),
    offset: queryInt(0, 1_000_000).default(0),
  }),
  response: z.strictObject({ tickets: z.array(SupportTicketSchema), total: z.number().int() }),
});

export const AdminGetSupportRoute = defineRoute({
  ...admin,
  method: 'GET',
  path: '/api/admin/support/:id',
  summary: 'One support request (admin); reading a new one marks it read',
  params: ticketIdParams,
  response: z.strictObject({ ticket: SupportTicketSchema }),
  errors: { 404: ['support_ticket_not_found'] },
});

export const AdminReplySupportRoute = defineRoute({
  ...admin,
  method: 'POST',
  path: '/api/admin/support/reply/:id',
  rateLimit: { name: 'support_reply', points: 60, windowS: 60, by: 'user' },
  summary:
    'Answer a support request (admin): the user sees it in history, in-app, by push and by the bot',
  params: ticketIdParams,
  body: z.strictObject({ message: text(4000).min(1) }),
  response: z.strictObject({ ticket: SupportTicketSchema }),
  errors: {
    400: ['invalid_support_reply'],
    404: ['support_ticket_not_found'],
    422: ['support_ticket_closed'],
  },
});

export const AdminCloseSupportRoute = defineRoute({
  ...admin,
  method: 'POST',
  path: '/api/admin/support/close/:id',
  summary: 'Close a support request (admin); closing a closed one changes nothing',
  params: ticketIdParams,
  response: z.strictObject({ ticket: SupportTicketSchema }),
  errors: { 404: ['support_ticket_not_found'] },
});
