import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { SessionIdParams, SessionSchema } from '../traffic/traffic.contract';
import {
  ExportQuerySchema,
  FilterBodySchema,
  ListQuerySchema,
  OwnerQuerySchema,
} from './sessions.dto';

const SessionsPageSchema = z.strictObject({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  sessions: z.array(SessionSchema),
});
export type SessionsPageJson = z.input<typeof SessionsPageSchema>;

const PeriodSchema = z.strictObject({
  sessions: z.number().int(),
  mb: z.number(),
  earnings: z.number().nullable().describe('USD; null when nothing is paid yet'),
});

const SessionsSummarySchema = z.strictObject({
  today: PeriodSchema,
  week: PeriodSchema,
  average_per_session: z.number().nullable().describe('USD'),
  average_mb_per_session: z.number(),
  active_sessions: z.number().int(),
});
export type SessionsSummaryJson = z.input<typeof SessionsSummarySchema>;

const ReviewSchema = z.strictObject({
  session_id: z.string(),
  quality_score: z.number().describe('0–100'),
  interruptions: z.number().int(),
  missing_reports: z.number().int(),
  mb_per_minute: z.number(),
  speed_stability: z.number().describe('0–1'),
  reviewed_at: z.string(),
});
export type ReviewJson = z.input<typeof ReviewSchema>;

const sessions = {
  tags: ['sessions'],
  access: 'user',
  rateLimit: { name: 'sessions', points: 120, windowS: 60, by: 'user' },
} as const;
/** `telegram_id` naming another user: 403 for a user, any user for an admin. */
const owned = { 403: ['forbidden'] } as const;

export const ListSessionsRoute = defineRoute({
  ...sessions,
  method: 'GET',
  path: '/api/sessions',
  summary: 'The caller’s sessions, newest first (admins: any user’s with telegram_id)',
  query: ListQuerySchema,
  response: SessionsPageSchema,
  errors: owned,
});

export const FilterSessionsRoute = defineRoute({
  ...sessions,
  method: 'POST',
  path: '/api/sessions/filter',
  summary: 'Sessions filtered by date range and status',
  body: FilterBodySchema,
  response: SessionsPageSchema,
  errors: owned,
});

export const ActiveSessionsRoute = defineRoute({
  ...sessions,
  method: 'GET',
  path: '/api/sessions/active',
  summary: 'Only the running sessions',
  query: OwnerQuerySchema,
  response: SessionsPageSchema,
  errors: owned,
});

export const SessionsSummaryRoute = defineRoute({
  ...sessions,
  method: 'GET',
  path: '/api/sessions/summary',
  summary: 'Today and this week (sessions, MB, $) and the average per session',
  query: OwnerQuerySchema,
  response: SessionsSummarySchema,
  errors: owned,
});

export const ExportSessionsRoute = defineRoute({
  ...sessions,
  method: 'GET',
  path: '/api/sessions/export',
  rateLimit: { name: 'sessions_export', points: 10, windowS: 60, by: 'user' },
  summary: 'CSV of the caller’s own sessions: date, duration, MB, $, IP, status',
  query: ExportQuerySchema,
  envelope: false,
  produces: 'text/csv',
  response: z
    .string()
    .describe(
      'CSV (RFC 4180, CRLF): date,start_time,end_time,duration,sent_mb,earned_usd,ip_address,status,session_id',
    ),
  // from not before to, or a status the service does not know.
  errors: { 400: ['invalid_argument'] },
});

export const ReviewSessionRoute = defineRoute({
  ...sessions,
  method: 'POST',
  path: '/api/sessions/review/:id',
  rateLimit: { name: 'sessions_review', points: 20, windowS: 60, by: 'user' },
  summary: 'Quality score 0–100 of a session (interruptions, MB per time, speed stability)',
  params: SessionIdParams,
  query: OwnerQuerySchema,
  response: ReviewSchema,
  errors: { ...owned, 400: ['invalid_argument'], 404: ['session_not_found'] },
});

export const SessionDetailRoute = defineRoute({
  ...sessions,
  method: 'GET',
  path: '/api/sessions/:id',
  summary: 'One session in detail',
  description: '`session_not_found` also for someone else’s session.',
  params: SessionIdParams,
  query: OwnerQuerySchema,
  response: z.strictObject({ session: SessionSchema }),
  errors: { ...owned, 400: ['invalid_argument'], 404: ['session_not_found'] },
});
