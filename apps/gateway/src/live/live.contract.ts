import { LIVE_MESSAGE_TYPES } from '@trafficshare/realtime';

import { line, z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

/**
 * One text frame of the socket: `{"type", "at", "data"}`. `data`'s shape per `type` is declared
 * once, in libs/realtime (`LiveSocketMessage`: `connected` first, then traffic_update,
 * balance_update, session_status, price_update, subscription_update, notification).
 */
const LiveFrameSchema = z
  .strictObject({
    type: z.enum(['connected', ...LIVE_MESSAGE_TYPES]),
    at: z.string().describe('ISO-8601 UTC time the message was produced'),
    data: z.record(z.string(), z.unknown()).describe('The shape libs/realtime declares for `type`'),
  })
  .describe('A message the server pushes (a WebSocket text frame, not an HTTP body)');

/**
 * GET /api/notifications/live, a WebSocket served by Fastify directly (live.service.ts). Only the
 * handshake is HTTP: the token is checked (signature, expiry, revocation) before the upgrade, and
 * a refused handshake answers an ordinary error body. Clients only listen; what they send is
 * ignored. A socket whose session is revoked or whose token expires is closed with 4401.
 */
export const LiveRoute = defineRoute({
  method: 'GET',
  path: '/api/notifications/live',
  tags: ['live'],
  access: 'user',
  // No request rate limit: the sockets a user may hold at once are capped (429 below).
  rateLimit: 'none',
  summary: 'Live updates over a WebSocket (101 Switching Protocols, then JSON text frames)',
  description:
    'Send the access token as `?token=<jwt>` or as `Sec-WebSocket-Protocol: bearer, <jwt>` (browsers cannot set Authorization on a WebSocket). The first frame is `connected` (telegram_id, subscription_version). A plain HTTP GET (no upgrade) answers 404. Close code 4401: the session was revoked or the token expired.',
  query: z.object({
    token: line(4096).optional().describe('The access token (or use the subprotocol header)'),
  }),
  status: 101,
  envelope: false,
  response: LiveFrameSchema,
  errors: { 429: ['too_many_connections'] },
});
