import { queryInt, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { WithdrawSchema } from '../../withdraw/withdraw.contract';

const admins = { roles: ['superadmin', 'moderator'] } as const;

const AdminWithdrawSchema = WithdrawSchema.extend({
  telegram_id: z.number().int(),
  provider: z.string(),
  payout_id: z.string().nullable(),
  risk_score: z.number().int(),
  risk_factors: z.array(z.string()),
  attempts: z.number().int(),
  note: z.string(),
});
export type AdminWithdrawJson = z.input<typeof AdminWithdrawSchema>;

const AuditSchema = z.strictObject({
  kind: z.string().describe('provider_call | webhook | admin_action'),
  endpoint: z.string(),
  status_code: z.number().int(),
  signature_valid: z.boolean(),
  body: z.string().describe('Raw request and answer'),
  actor: z.number().int().nullable(),
  note: z.string(),
  created_at: z.string(),
});

export const AdminListWithdrawsRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/withdraws',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary: 'Withdrawals by status and user (manual reviews: premium first, then oldest)',
  query: z.strictObject({
    status: z
      .enum([
        'reserving',
        'pending',
        'pending_manual_review',
        'processing',
        'completed',
        'failed',
        'canceled',
      ])
      .optional(),
    telegram_id: queryInt(1).optional(),
    limit: queryInt(1, 200).default(20),
    offset: queryInt(0).default(0),
  }),
  response: z.strictObject({
    withdraws: z.array(AdminWithdrawSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

export const AdminGetWithdrawRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/withdraws/:id',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary:
    'A withdrawal with its risk factors, provider calls, webhooks, admin actions and the user’s history',
  params: z.strictObject({ id: z.string().max(64) }),
  response: z.strictObject({
    withdraw: AdminWithdrawSchema,
    audit: z.array(AuditSchema),
    history: z.array(AdminWithdrawSchema),
  }),
  errors: { 400: ['invalid_withdraw_id'], 404: ['withdraw_not_found'] },
});

export const AdminActOnWithdrawRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/withdraws/:id/:action',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary:
    'approve (manual review → pending), reject (→ canceled, refunded), retry (a failed one as a new withdrawal), mark_paid (paid by hand, with tx_hash), blacklist (its address)',
  params: z.strictObject({
    id: z.string().max(64),
    action: z.enum(['approve', 'reject', 'retry', 'mark_paid', 'blacklist']),
  }),
  body: z.strictObject({
    note: z.string().min(1).max(500).describe('Mandatory, audited with the admin’s id'),
    tx_hash: z.string().max(80).optional().describe('mark_paid: 0x + 64 hex'),
  }),
  response: z.strictObject({ withdraw: AdminWithdrawSchema }),
  errors: {
    400: ['invalid_withdraw_id', 'invalid_action', 'note_required', 'insufficient_balance'],
    404: ['withdraw_not_found'],
    409: ['withdraw_state_conflict'],
  },
});

const Address = z
  .string()
  .max(64)
  .describe('0x + 40 hex (mixed case must match its EIP-55 checksum); stored lower case');

const BlacklistEntrySchema = z.strictObject({
  address: z.string(),
  reason: z.string(),
  added_by: z.number().int().nullable(),
  created_at: z.string(),
});

export const AdminListBlacklistRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/withdraws/blacklist',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary:
    'Blacklisted payout addresses (a request to one waits for a manual review), newest first',
  query: z.strictObject({
    limit: queryInt(1, 200).default(50),
    offset: queryInt(0).default(0),
  }),
  response: z.strictObject({
    entries: z.array(BlacklistEntrySchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

export const AdminAddBlacklistRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/withdraws/blacklist',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary: 'Blacklist an address (or replace its reason); audited with the admin’s id and note',
  body: z.strictObject({
    address: Address,
    note: z.string().min(1).max(500).describe('Mandatory: the reason, audited'),
  }),
  response: z.strictObject({ entry: BlacklistEntrySchema, created: z.boolean() }),
  errors: { 400: ['invalid_address', 'note_required'] },
});

export const AdminRemoveBlacklistRoute = defineRoute({
  method: 'DELETE',
  path: '/api/admin/withdraws/blacklist/:address',
  tags: ['admin', 'withdraw'],
  access: admins,
  summary: 'Take an address off the blacklist; audited with the admin’s id and note',
  params: z.strictObject({ address: Address }),
  body: z.strictObject({
    note: z.string().min(1).max(500).describe('Mandatory: the reason, audited'),
  }),
  response: z.strictObject({ removed: z.literal(true) }),
  errors: { 400: ['invalid_address', 'note_required'], 404: ['address_not_blacklisted'] },
});
