import { line, queryInt, text, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

const user = { tags: ['support'], access: 'user' } as const;

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
/** Base64 of at most 5 MB (the service checks the decoded size and the type by content). */
const MAX_BASE64 = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

export const SupportAttachmentSchema = z.strictObject({
  type: z.enum(['png', 'jpeg', 'webp', 'pdf']).describe('From the file’s content'),
  size: z.number().int(),
  name: z.string(),
});

export const SupportTicketSchema = z.strictObject({
  id: z.string(),
  telegram_id: z.number().int(),
  subject: z.string(),
  message: z.string(),
  status: z.enum(['new', 'read', 'replied', 'closed']),
  attachment: SupportAttachmentSchema.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  replies: z.array(z.strictObject({ id: z.string(), message: z.string(), created_at: z.string() })),
});
export type SupportTicketJson = z.input<typeof SupportTicketSchema>;

export const ticketIdParams = z.strictObject({ id: z.uuid() });

export const SendSupportRoute = defineRoute({
  ...user,
  method: 'POST',
  path: '/api/support/send',
  // The service allows one request per 30 s per user (admins exempt) and answers 429 with
  // retry_after_s; this limit only stops floods before they reach it.
  rateLimit: { name: 'support_send', points: 10, windowS: 60, by: 'user' },
  bodyLimitBytes: MAX_BASE64 + 64 * 1024,
  // The same request as a form: `subject`, `message` and the file in `attachment`.
  multipart: {
    fileField: 'attachment',
    maxFileBytes: MAX_ATTACHMENT_BYTES,
    tooLargeCode: 'attachment_too_large',
    // UTF-8 bytes of the longest values the JSON form allows.
    fields: { subject: 255 * 4, message: 5000 * 4 },
  },
  summary: 'Write to support (one optional attachment: PNG, JPEG, WebP or PDF, ≤ 5 MB)',
  description:
    'JSON, with the attachment base64-encoded in `attachment.content_base64`, or `multipart/form-data` with the text fields `subject` and `message` and the file in the field `attachment` (one file, ≤ 5 MB; a larger one is 413 `attachment_too_large` as soon as the 5 MB are passed). Its type is decided by its bytes, never by the name. The request is forwarded to the admins’ Telegram chat with the file. One request per 30 s per user (admins exempt): 429 `support_rate_limited` with `retry_after_s` and Retry-After.',
  body: z.strictObject({
    subject: line(255).min(1),
    message: text(5000).min(1),
    attachment: z
      .strictObject({
        filename: line(200).default(''),
        content_base64: z.base64().max(MAX_BASE64 + 4),
      })
      .optional(),
  }),
  response: z.strictObject({ ticket: SupportTicketSchema }),
  errors: {
    400: ['invalid_support_request', 'unsupported_attachment'],
    413: ['attachment_too_large'],
    429: ['support_rate_limited'],
  },
});

export const SupportHistoryRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/support/history',
  summary: 'The caller’s support requests, newest first, with statuses and replies',
  query: z.strictObject({
    limit: queryInt(1, 100).default(20),
    offset: queryInt(0, 1_000_000).default(0),
  }),
  response: z.strictObject({ tickets: z.array(SupportTicketSchema), total: z.number().int() }),
});

export const SupportTicketRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/support/:id',
  summary: 'One support request (its owner or an admin; another user’s is 404)',
  params: ticketIdParams,
  response: z.strictObject({ ticket: SupportTicketSchema }),
  errors: { 404: ['support_ticket_not_found'] },
});
