import { z } from '../../common/zod';
import { TransactionSchema } from '../../balance/balance.contract';
import { telegramIdPath } from '../../contract/params';
import { defineRoute } from '../../contract/route-contract';

const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .optional()
  .describe('A retry with the same key returns the original (or the Idempotency-Key header)');

const Note = z.string().trim().min(3).max(500).describe('Mandatory, audited with the admin’s id');

const AdjustedSchema = z.strictObject({
  transaction: TransactionSchema.nullable(),
  duplicate: z.boolean().describe('true: a retry; the original transaction is returned'),
  new_balance_usd: z.number(),
});
export type AdjustedJson = z.input<typeof AdjustedSchema>;

const LedgerCheckSchema = z.strictObject({
  balanced: z.boolean().describe('Every check below passed'),
  negative_balances: z.number().int(),
  total_usd: z.number(),
  entries_sum_usd: z.number(),
  unbalanced_transfers: z.number().int(),
  mismatched_accounts: z.number().int(),
  held_mismatches: z.number().int(),
  accounts: z.number().int(),
  transfers: z.number().int(),
  pending_holds: z.number().int(),
  user_available_usd: z.number(),
  user_held_usd: z.number(),
  checked_at: z.string(),
});
export type LedgerCheckJson = z.input<typeof LedgerCheckSchema>;

const MONEY_ERRORS = {
  400: ['invalid_argument', 'invalid_amount', 'invalid_transfer_id', 'insufficient_balance'],
  409: ['transfer_id_conflict'],
} as const;

const IDEMPOTENCY =
  'A retry with the same `idempotency_key` (or `Idempotency-Key` header) returns the original.';

export const AdjustBalanceRoute = defineRoute({
  method: 'PATCH',
  path: '/api/admin/users/:telegram_id/adjust_balance',
  tags: ['admin', 'ledger'],
  access: { roles: ['superadmin'] },
  summary:
    'Add (positive) or deduct (negative) USD with a mandatory note; audited; never below zero',
  description: IDEMPOTENCY,
  params: z.strictObject({ telegram_id: telegramIdPath }),
  body: z.strictObject({
    amount_usd: z.number().refine((v) => v !== 0, 'must not be 0'),
    note: Note,
    idempotency_key: IdempotencyKey,
  }),
  response: AdjustedSchema,
  errors: MONEY_ERRORS,
});

export const AddBalanceRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/balance/add',
  tags: ['admin', 'ledger'],
  access: { roles: ['superadmin'] },
  summary: 'Add USD to a user’s balance with a mandatory note; audited',
  description: IDEMPOTENCY,
  body: z.strictObject({
    telegram_id: z.number().int().positive(),
    amount_usd: z.number().positive(),
    note: Note,
    idempotency_key: IdempotencyKey,
  }),
  response: AdjustedSchema,
  errors: MONEY_ERRORS,
});

export const LedgerCheckRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/ledger/check',
  tags: ['admin', 'ledger'],
  // Superadmins only: moderators manage users, API keys and withdrawals, nothing else.
  access: { roles: ['superadmin'] },
  summary: 'The ledger’s invariants recomputed from its rows: balanced = every check passed',
  // The report's body predates the envelope: the figures alone.
  envelope: false,
  response: LedgerCheckSchema,
});
