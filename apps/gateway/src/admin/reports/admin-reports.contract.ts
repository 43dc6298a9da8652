import { z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';
import { REPORT_NAMES } from './report-source';

/** The longest period one export may cover. */
export const MAX_EXPORT_DAYS = 366;

export const EXPORT_TYPES = ['csv', 'xlsx', 'pdf'] as const;

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

export const ExportQuerySchema = z
  .object({
    type: z
      .enum(EXPORT_TYPES)
      .describe(
        'csv: every row, streamed (any size); xlsx: every row, streamed, at most ADMIN_EXPORT_MAX_ROWS; pdf: title, period, totals and a per-day chart of at most ADMIN_EXPORT_MAX_ROWS rows',
      ),
    report: z
      .enum(REPORT_NAMES)
      .describe(
        'transactions (ledger), users created (auth), sessions started (telemetry), withdrawals (payout), daily totals (last 90 days; new users, active users, sessions, MB, credited, bonus, paid out)',
      ),
    from: z.iso.datetime({ offset: true }).describe('RFC 3339, inclusive'),
    to: z.iso.datetime({ offset: true }).describe('RFC 3339, exclusive'),
  })
  .strict()
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    message: 'to must be after from',
    path: ['to'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_EXPORT_DAYS * 86_400_000, {
    message: `the period is at most ${MAX_EXPORT_DAYS} days`,
    path: ['to'],
  });

export const ExportReportRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/export',
  tags: ['admin-reports'],
  access: { roles: ['superadmin'] },
  rateLimit: { name: 'admin_reports_export', points: 10, windowS: 60, by: 'user' },
  summary:
    'A report of a period as CSV, XLSX or PDF, read page by page from the service that owns its rows',
  description:
    'CSV and XLSX are streamed (`attachment; filename="<report>-<from>-<to>.<type>"`). XLSX and PDF refuse a report of more than ADMIN_EXPORT_MAX_ROWS rows with 400 `export_too_large` (its `limit` in the body) before sending anything; CSV has no row limit within the 366-day period.',
  query: ExportQuerySchema,
  envelope: false,
  produces: [CONTENT_TYPES.csv.split(';')[0] as 'text/csv', CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf],
  response: z
    .string()
    .describe(
      'The file. CSV (RFC 4180, CRLF) columns: transactions created_at,transfer_id,telegram_id,kind,status,amount_usd,mb,debit_account,credit_account,reference,note; users created_at,telegram_id,username,first_name,role,banned,last_login,last_login_device; sessions started_at,session_id,telegram_id,device_id,status,ended_at,duration_s,mb,ip_address,country,network_type,app_version,stop_reason; withdraws created_at,withdraw_id,telegram_id,status,amount_usd,fee_usd,net_usdt,network,wallet_address,tx_hash,processed_at,failure_reason; daily date,new_users,daily_active_users,sessions,mb,credited_usd,bonus_usd,payouts_usd',
    ),
  errors: {
    400: ['export_too_large', 'daily_window_exceeded', 'invalid_range', 'invalid_cursor'],
  },
});
