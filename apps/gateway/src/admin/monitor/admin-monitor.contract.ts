import { line, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

/** `data` of a `monitor` frame: the platform right now, gathered once per tick for every admin. */
export const MonitorDataSchema = z.strictObject({
  tick_ms: z.number().int(),
  filter: z
    .strictObject({
      allowed: z
        .number()
        .int()
        .describe('START decisions allowed since the previous tick, over every filter replica'),
      denied: z
        .number()
        .int()
        .describe('START decisions denied since the previous tick, over every filter replica'),
      allowed_per_s: z.number(),
      denied_per_s: z.number(),
    })
    .nullable(),
  active_sessions: z.number().int().nullable(),
  reports_per_s: z
    .number()
    .nullable()
    .describe('Traffic reports accepted per second, over every telemetry replica'),
  credited_usd_per_min: z
    .number()
    .nullable()
    .describe('Traffic income the ledger credited to users, USD per minute'),
  pending_withdrawals: z.number().int().nullable(),
  errors_per_s: z
    .number()
    .nullable()
    .describe('5xx and gRPC INTERNAL per second over the last 10 s (the error log)'),
  degraded: z
    .array(z.string())
    .describe('Parts whose source failed this tick (their fields are null)'),
});
export type MonitorData = z.infer<typeof MonitorDataSchema>;

const MonitorFrameSchema = z
  .strictObject({
    type: z.enum(['connected', 'monitor']),
    at: z.string().describe('ISO-8601 UTC time the frame was produced'),
    data: z
      .record(z.string(), z.unknown())
      .describe(
        'connected: {telegram_id, tick_ms}; monitor: allow/deny counts, active sessions, reports/s, credited USD/min, pending withdrawals, errors/s (MonitorDataSchema in admin-monitor.contract.ts)',
      ),
  })
  .describe('A frame the server pushes (a WebSocket text frame, not an HTTP body)');

/**
 * GET /ws/admin/monitor, a WebSocket served by Fastify directly (admin-monitor.service.ts).
 * Only the handshake is HTTP: the token is checked (signature, expiry, revocation) and the role
 * must be superadmin before the upgrade; a refused handshake answers an ordinary error body
 * (401 without a valid token, 403 `forbidden` for any other role). Clients only listen.
 */
export const AdminMonitorRoute = defineRoute({
  method: 'GET',
  path: '/ws/admin/monitor',
  tags: ['admin-monitor'],
  access: { roles: ['superadmin'] },
  // No request rate limit: the sockets an admin may hold at once are capped (429 below).
  rateLimit: 'none',
  summary:
    'Live platform monitor over a WebSocket (101 Switching Protocols, then a frame every 2 s)',
  description:
    'Send the access token as `?token=<jwt>` or as `Sec-WebSocket-Protocol: bearer, <jwt>`. The first frame is `connected`, then a `monitor` frame every ADMIN_MONITOR_TICK_MS (2 s). The numbers are gathered once per tick for all connected admins, from the services that own them: filter-svc and telemetry-svc counters and payout-svc’s withdrawal gauge (Describe), telemetry and ledger admin stats, the error log. A user or moderator token is refused with 403 before the upgrade; close code 4401: the session was revoked or the token expired.',
  query: z.object({
    token: line(4096).optional().describe('The access token (or use the subprotocol header)'),
  }),
  status: 101,
  envelope: false,
  response: MonitorFrameSchema,
  errors: { 403: ['forbidden'], 429: ['too_many_connections'] },
});
