import { queryInt, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

export const WithdrawSchema = z.strictObject({
  id: z.string().describe('Withdrawal id (uuid)'),
  status: z.enum([
    'reserving',
    'pending',
    'pending_manual_review',
    'processing',
    'completed',
    'failed',
    'canceled',
  ]),
  amount_usd: z.number().describe('Requested USD, taken from the balance'),
  fee_usd: z.number().describe('Provider fee (USD) taken from the amount sent'),
  amount_usdt: z.number().describe('amount_usd × USD_TO_USDT_RATE (gross)'),
  net_usdt: z.number().describe('USDT the wallet receives: (amount_usd − fee_usd) × rate'),
  wallet_address: z.string(),
  network: z.literal('BEP20'),
  tx_hash: z.string().nullable(),
  tx_url: z.string().nullable().describe('BscScan link of the transaction, when known'),
  failure_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  processed_at: z.string().nullable(),
});
export type WithdrawJson = z.input<typeof WithdrawSchema>;

const AcceptedSchema = z.strictObject({
  status: z.enum(['pending', 'pending_manual_review']),
  withdraw_id: z.string(),
  amount_usd: z.number(),
  amount_usdt: z.number(),
  fee_usd: z.number(),
  net_usdt: z.number(),
  message: z.string(),
});
export type AcceptedJson = z.input<typeof AcceptedSchema>;

const RequestSchema = z.strictObject({
  amount_usd: z
    .union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/)])
    .describe('USD, at most 6 decimals (1.39 … 100)'),
  wallet_address: z
    .string()
    .max(100)
    .describe('BEP20 address: 0x + 40 hex (EIP-55 when mixed case)'),
  network: z.string().max(16).describe('Only "BEP20"'),
  idempotency_key: z
    .string()
    .max(255)
    .optional()
    .describe('Client-generated (UUID v4); or the Idempotency-Key header'),
  telegram_id: z.number().int().optional().describe('Optional; must be the caller’s'),
  two_factor_code: z.string().max(12).optional().describe('TOTP code when 2FA is on'),
});

export const RequestWithdrawRoute = defineRoute({
  method: 'POST',
  path: '/api/withdraw',
  tags: ['withdraw'],
  access: 'user',
  // payout-svc enforces WITHDRAW_RATE_LIMIT_PER_MIN / DAILY_WITHDRAW_LIMIT (429 rate_limit with
  // retry_after_s); this gateway limit only stops floods before they reach it.
  rateLimit: { name: 'withdraw', points: 20, windowS: 60, by: 'user' },
  summary: 'Withdraw USDT (BEP20): the amount is held at once and paid by the payout worker',
  description:
    'Checks in order: address → network → amount → rate limit → 2FA → risk (accepted as `pending_manual_review`) → balance. A repeated `idempotency_key` with the same body answers the original response for 24 h; with another body 409 `idempotency_conflict`.',
  body: RequestSchema,
  status: 202,
  envelope: false,
  response: AcceptedSchema,
  errors: {
    400: [
      'invalid_address',
      'unsupported_network',
      'invalid_amount',
      'below_minimum',
      'above_maximum',
      'insufficient_balance',
      'invalid_idempotency_key',
    ],
    403: ['two_factor_required', 'invalid_two_factor_code', 'telegram_id_mismatch'],
    409: ['idempotency_conflict', 'idempotency_in_progress'],
    429: ['rate_limit'],
    503: ['ledger_unavailable', 'auth_unavailable', 'unavailable'],
  },
});

export const ListWithdrawsRoute = defineRoute({
  method: 'GET',
  path: '/api/withdraws',
  tags: ['withdraw'],
  access: 'user',
  summary: 'The caller’s withdrawals, newest first (5 by default)',
  query: z.strictObject({
    limit: queryInt(1, 50).default(5),
    offset: queryInt(0, 100_000).default(0),
  }),
  response: z.strictObject({
    withdraws: z.array(WithdrawSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

export const GetWithdrawRoute = defineRoute({
  method: 'GET',
  path: '/api/withdraws/:id',
  tags: ['withdraw'],
  access: 'user',
  summary: 'One withdrawal (its owner or an admin): status, amounts, tx hash and BscScan link',
  params: z.strictObject({ id: z.string().max(64) }),
  response: z.strictObject({ withdraw: WithdrawSchema }),
  errors: { 400: ['invalid_withdraw_id'], 404: ['withdraw_not_found'] },
});

export const PayoutWebhookRoute = defineRoute({
  method: 'POST',
  path: '/webhooks/payouts/:provider',
  tags: ['withdraw'],
  access: 'public',
  rateLimit: { name: 'payout_webhook', points: 600, windowS: 60, by: 'ip' },
  summary: 'Payout provider notifications (NowPayments IPN, `x-nowpayments-sig` over the raw body)',
  params: z.strictObject({ provider: z.string().max(32) }),
  envelope: false,
  response: z.strictObject({ status: z.literal('ok') }),
  errors: { 400: ['invalid_payload'], 401: ['invalid_signature'], 404: ['unknown_provider'] },
});
