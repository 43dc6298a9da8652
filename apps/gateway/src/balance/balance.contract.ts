import { ledgerNames } from '@trafficshare/contracts';

import { queryInt, z } from '../common/zod';
import { namesOf, telegramIdPath } from '../contract/params';
import { defineRoute } from '../contract/route-contract';

/** A transfer kind's name ('' for a kind this gateway does not know yet). */
const TransferKindSchema = z.union([namesOf(ledgerNames.transferKind.names), z.literal('')]);

export const TransactionSchema = z.strictObject({
  id: z.string().describe('The ledger transfer id'),
  type: TransferKindSchema,
  amount_usd: z.number(),
  status: z
    .enum(['pending', 'completed', 'failed', ''])
    .describe('A withdraw’s state; every other kind is `completed`'),
  mb: z.number().nullable().describe('MB paid by an income transfer'),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  created_at: z.string(),
});
export type TransactionJson = z.input<typeof TransactionSchema>;

const BalanceSchema = z.strictObject({
  telegram_id: z.number().int(),
  balance: z.strictObject({
    usd: z.number().describe('Available USD'),
    usdt_equivalent: z.number(),
    held_usd: z.number().describe('Held by pending withdrawals'),
    pending_usd: z.number().describe('Same as held_usd (older name, kept for clients)'),
    sent_mb: z.number(),
    used_mb: z.number(),
    last_refreshed: z.string().nullable(),
  }),
  today_earn: z.number(),
  month_earn: z.number(),
  transactions: z.array(TransactionSchema).describe('The last 10, newest first'),
});
export type BalanceJson = z.input<typeof BalanceSchema>;

const RefreshedBalanceSchema = z.strictObject({
  new_balance_usd: z.number(),
  held_usd: z.number(),
  delta: z.number().describe('Change since the previous refresh (USD)'),
  last_refreshed: z.string(),
});
export type RefreshedBalanceJson = z.input<typeof RefreshedBalanceSchema>;

const BalanceChangeSchema = z.strictObject({
  transfer_id: z.string(),
  type: TransferKindSchema,
  reason: z.string(),
  delta_usd: z.number(),
  previous_balance: z.number(),
  new_balance: z.number(),
  created_at: z.string(),
});
export type BalanceChangeJson = z.input<typeof BalanceChangeSchema>;

export const PageQuerySchema = z.strictObject({
  limit: queryInt(1, 100).default(20),
  offset: queryInt(0, 1_000_000).default(0),
});

/** Clients may send `{telegram_id}`; it must be the caller. */
const RefreshBodySchema = z.strictObject({
  telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

const user = { tags: ['balance'], access: 'user' } as const;

export const BalanceRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/user/balance',
  aliases: ['/api/user/balance/:telegram_id'],
  summary:
    'The caller’s balance (USD, USDT equivalent, held), earnings and last 10 transactions; with `:telegram_id` a user’s (self, or any user for an admin)',
  params: z.strictObject({ telegram_id: telegramIdPath.optional() }),
  response: BalanceSchema,
  errors: { 403: ['forbidden'] },
});

export const RefreshBalanceRoute = defineRoute({
  ...user,
  method: 'POST',
  path: '/api/user/refresh_balance',
  rateLimit: { name: 'refresh_balance', points: 1, windowS: 10, by: 'user' },
  summary: 'Re-read the balance now; `delta` is the change since the previous refresh (1 per 10 s)',
  body: RefreshBodySchema,
  response: RefreshedBalanceSchema,
  errors: { 403: ['forbidden'] },
});

export const TransactionsRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/transactions',
  summary:
    'The caller’s transactions, newest first (income | withdraw | refund | bonus | adjustment)',
  query: PageQuerySchema,
  response: z.strictObject({
    transactions: z.array(TransactionSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});

export const BalanceHistoryRoute = defineRoute({
  ...user,
  method: 'GET',
  path: '/api/user/balance_history',
  summary: 'Every change of the caller’s available balance with its reason, newest first',
  query: PageQuerySchema,
  response: z.strictObject({
    history: z.array(BalanceChangeSchema),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  }),
});
