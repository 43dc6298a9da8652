import { line, queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

const superadmins = { roles: ['superadmin'] } as const;

const EntrySchema = z.strictObject({
  id: z.number().int().describe('Position in the chain (1, 2, …)'),
  event_id: z.string(),
  service: z.string().describe('The service that performed the action'),
  admin_id: z.number().int(),
  action: z.string(),
  target: z
    .string()
    .describe('user:<telegram id>, withdraw:<id>, review:<ticket>, policy:<version>, …'),
  details: z.record(z.string(), z.unknown()),
  ip: z.string(),
  occurred_at: z.string(),
  recorded_at: z.string(),
  prev_hash: z.string().describe('sha256 (hex) of the previous row; 64 zeros for the first'),
  hash: z.string().describe('sha256 (hex) of this row’s canonical encoding'),
});
export type AuditEntryJson = z.input<typeof EntrySchema>;

export const ListAuditRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/audit',
  tags: ['admin-audit'],
  access: superadmins,
  summary:
    'The platform’s admin audit trail (every service’s admin actions, hash-chained), newest first',
  query: z.strictObject({
    admin: queryInt(1).optional().describe('The admin’s telegram id'),
    action: line(128)
      .optional()
      .describe('An exact action, or a prefix ending in "." (e.g. "admin.user.")'),
    target: line(200).optional(),
    from: z.iso.datetime({ offset: true }).optional().describe('RFC 3339, inclusive'),
    to: z.iso.datetime({ offset: true }).optional().describe('RFC 3339, exclusive'),
    before: queryInt(1).optional().describe('Rows with an id below this one (next page)'),
    limit: queryInt(1, 200).default(50),
  }),
  response: z.strictObject({
    entries: z.array(EntrySchema),
    next_before: z.number().int().nullable().describe('`before` of the next page; null at the end'),
  }),
  errors: { 400: ['invalid_filter'] },
});

export const VerifyAuditRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/audit/verify',
  tags: ['admin-audit'],
  access: superadmins,
  rateLimit: { name: 'admin_audit_verify', points: 6, windowS: 60, by: 'user' },
  summary:
    'Recomputes the whole audit chain: ok, or the first row that was edited, deleted or re-linked',
  response: z.strictObject({
    ok: z.boolean(),
    checked: z.number().int().describe('Rows checked'),
    first_bad_id: z.number().int().optional().describe('The first row that does not match'),
    reason: z
      .enum(['hash_mismatch', 'broken_link', 'row_missing'])
      .optional()
      .describe(
        'hash_mismatch: the row was edited; broken_link: the row before it was rewritten; row_missing: the row was deleted',
      ),
  }),
});
