import { line, queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

const superadmins = { roles: ['superadmin'] } as const;

const range = {
  user: queryInt(1).optional().describe('Telegram id (actor or target)'),
  ip: line(64).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('RFC 3339, inclusive'),
  to: z.iso.datetime({ offset: true }).optional().describe('RFC 3339, exclusive'),
  limit: queryInt(1, 200).default(50),
};

const fromBeforeTo = <T extends { from?: string; to?: string }>(q: T): boolean =>
  !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from);
const rangeIssue = { message: 'to must be after from', path: ['to'] };

const AuditQuery = z
  .strictObject({
    ...range,
    level: z.enum(['info', 'warn', 'error']).optional(),
    cursor: line(200).optional().describe('next_cursor of the previous page'),
  })
  .refine(fromBeforeTo, rangeIssue);

const LogEntrySchema = z.strictObject({
  id: z.string(),
  at: z.string(),
  action: z
    .string()
    .describe('auth.login, auth.logout, auth.logout_all, 2fa.*, admin.api_key.*, api_key.usage, …'),
  level: z.enum(['info', 'warn', 'error']),
  actor_id: z.number().int().describe('0: the system'),
  target_id: z.number().int(),
  ip: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type LogEntryJson = z.input<typeof LogEntrySchema>;

const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    next_cursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for older entries; null at the end'),
  });

const errors400 = { 400: ['invalid_cursor', 'invalid_range', 'invalid_level'] };

export const AuthLogsRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/logs/auth',
  tags: ['admin-logs'],
  access: superadmins,
  summary:
    'Logins, logouts and security events (admin resets, bans, 2FA), newest first — from auth-svc',
  query: AuditQuery,
  response: page(LogEntrySchema),
  errors: errors400,
});

export const TrafficLogsRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/logs/traffic',
  tags: ['admin-logs'],
  access: superadmins,
  summary:
    'Buyer API key usage batches (from the relay) and admin actions on API keys, newest first — from auth-svc',
  query: AuditQuery,
  response: page(LogEntrySchema),
  errors: errors400,
});

const ErrorEntrySchema = z.strictObject({
  id: z.string().describe('Stream entry id (also the cursor)'),
  at: z.string(),
  app: z.string().describe('gateway or the service that answered INTERNAL'),
  kind: z.enum(['http_5xx', 'grpc_internal']),
  level: z.enum(['error', 'warn']).describe('warn: 503/504 (unavailable, timed out)'),
  request_id: z.string(),
  route: z.string().describe('HTTP: "METHOD /route"; gRPC: "package.Service/Method"'),
  status: z.number().int().describe('HTTP status, or the gRPC status code (13 = INTERNAL)'),
  code: z.string(),
  error: z.string().describe('Class name of the error (never its message)'),
  user: z.number().int().describe('0: anonymous or unknown'),
  ip: z.string(),
  suppressed: z
    .number()
    .int()
    .describe('Errors the app dropped just before this one (over its per-process budget)'),
});
export type ErrorEntryJson = z.input<typeof ErrorEntrySchema>;

export const ErrorLogsRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/logs/errors',
  tags: ['admin-logs'],
  access: superadmins,
  summary:
    'Every 5xx the gateway answered and every gRPC INTERNAL of a service (request id, route, app), newest first',
  description:
    'Read from the capped Redis stream every app appends to (about 10,000 entries; each process has a budget of a 50 burst then 10/s, the rest counted in `suppressed`). User, IP and level filters are applied while scanning at most 2,000 entries per call: a page may hold fewer than `limit` items while `next_cursor` is not null.',
  query: z
    .strictObject({
      ...range,
      level: z.enum(['error', 'warn']).optional(),
      cursor: z
        .string()
        .regex(/^\d{1,15}-\d{1,10}$/, 'a cursor this log returned')
        .optional()
        .describe('next_cursor of the previous page'),
    })
    .refine(fromBeforeTo, rangeIssue),
  response: page(ErrorEntrySchema),
  errors: { 503: ['errors_log_unavailable'] },
});
