import { commonNames, telemetryNames } from '@trafficshare/contracts';

import { line, z } from '../common/zod';
import { namesOf } from '../contract/params';
import { defineRoute } from '../contract/route-contract';
import { HeartbeatSchema, StartSchema, StopSchema } from './traffic.dto';

/** A proto enum's name, or '' for a value this gateway does not know. */
const nameOr = <const N extends string>(names: readonly N[]) =>
  z.union([namesOf(names), z.literal('')]);

/** A session as every session route shows it (the history shape + reconciliation). */
export const SessionSchema = z.strictObject({
  id: z.string(),
  session_id: z.string().describe('Same as id'),
  telegram_id: z.number().int(),
  device_id: z.string(),
  status: nameOr(telemetryNames.sessionStatus.names),
  start_time: z.string(),
  end_time: z.string().nullable(),
  duration: z.string().describe('HH:MM:SS'),
  duration_s: z.number().int(),
  sent_mb: z.number().describe('Same as server_counted_mb'),
  server_counted_mb: z.number().describe('MB as the server counts them (authoritative)'),
  local_counted_mb: z.number(),
  reported_mb: z.number(),
  earned_usd: z.number().nullable().describe('null until the ledger has paid the session'),
  ip_address: z.string(),
  location: z.string(),
  device: z.string(),
  network_type: nameOr(commonNames.networkType.names),
  app_version: z.string(),
  report_count: z.number().int(),
  missing_reports: z.number().int(),
  current_speed: z.number().describe('MB/s'),
  last_report_at: z.string().nullable(),
  reconciliation_status: nameOr(telemetryNames.reconciliationStatus.names),
  mismatch_mb: z.number(),
  quality_score: z.number().nullable(),
  interruptions: z.number().int(),
  filter_status: nameOr(commonNames.filterStatus.names),
  bypass: z.boolean(),
  stop_reason: namesOf(telemetryNames.stopReason.names).nullable(),
});
export type SessionJson = z.input<typeof SessionSchema>;

/** A session id in a path (any string: telemetry-svc answers for ids it does not know). */
export const SessionIdParams = z.strictObject({ id: line(100) });

const StartedSchema = z.strictObject({
  status: z.literal('ok'),
  session_id: z.string(),
  message: z.string(),
  started_at: z.string(),
  bypass: z.literal(true).optional().describe('Present for admins: the filter was skipped'),
});

const PendingSchema = z.strictObject({
  status: z.literal('pending_admin'),
  ticket_id: z.string(),
  reasons: z.array(z.string()),
  message: z.string().describe('In the user’s language'),
});

const BlockedSchema = z
  .strictObject({
    status: z.literal('blocked'),
    code: z
      .string()
      .describe(
        '`vpn_detected`, `region_not_allowed`, `network_mismatch`, `datacenter_ip`, `ip_unknown`, `too_many_attempts` (429), `ip_in_use` (409), `check_unavailable` (503)',
      ),
    reasons: z.array(z.string()),
    message: z.string().describe('In the user’s language'),
  })
  .describe('The filter refused the START');

const traffic = { tags: ['traffic'], access: 'user' } as const;

export const StartRoute = defineRoute({
  ...traffic,
  method: 'POST',
  path: '/api/traffic/start',
  rateLimit: { name: 'traffic_start', points: 30, windowS: 60, by: 'user' },
  summary: 'START: the filter decides; allowed → a session opens (admins bypass the filter)',
  description:
    '200 opens a session; 202 waits for an admin’s review (`ticket_id`); a `blocked` body (403, 409, 429 or 503) names why the filter refused.',
  body: StartSchema,
  envelope: false,
  response: StartedSchema,
  alternatives: {
    202: PendingSchema,
    403: BlockedSchema,
    409: BlockedSchema,
    429: BlockedSchema,
    503: BlockedSchema,
  },
  errors: {
    400: ['invalid_argument'],
    409: ['session_already_active', 'device_busy'],
    503: ['filter_unavailable'],
  },
});

export const HeartbeatRoute = defineRoute({
  ...traffic,
  method: 'POST',
  path: '/api/traffic/heartbeat',
  rateLimit: { name: 'traffic_heartbeat', points: 600, windowS: 60, by: 'user' },
  summary: 'Keeps a session without reports alive (sessions silent for 2 min close as failed)',
  body: HeartbeatSchema,
  envelope: false,
  response: z.strictObject({
    status: z.literal('ok'),
    session_id: z.string(),
    session_status: nameOr(telemetryNames.sessionStatus.names),
    last_seen_at: z.string(),
  }),
  errors: {
    400: ['invalid_argument'],
    403: ['device_mismatch'],
    404: ['session_not_found'],
    409: ['session_closed'],
  },
});

export const StopRoute = defineRoute({
  ...traffic,
  method: 'POST',
  path: '/api/traffic/stop',
  rateLimit: { name: 'traffic_stop', points: 60, windowS: 60, by: 'user' },
  summary:
    'STOP: closes the session with the final reconciliation (duration, sent_mb, estimated earnings)',
  body: StopSchema,
  envelope: false,
  response: z.strictObject({
    status: z.literal('ok'),
    stopped: z.boolean().describe('false: the session had already ended (idempotent)'),
    session: SessionSchema,
  }),
  errors: {
    400: ['invalid_argument'],
    403: ['device_mismatch'],
    404: ['session_not_found'],
  },
});

export const SessionSummaryRoute = defineRoute({
  ...traffic,
  method: 'GET',
  path: '/api/session/:id/summary',
  rateLimit: { name: 'session_summary', points: 120, windowS: 60, by: 'user' },
  summary: 'Server aggregate of one of the caller’s sessions (on resume / detail view)',
  params: SessionIdParams,
  response: z.strictObject({ session: SessionSchema }),
  errors: { 400: ['invalid_argument'], 404: ['session_not_found'] },
});
