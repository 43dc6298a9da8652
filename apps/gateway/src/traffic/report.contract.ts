import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';
import { ReportSchema } from './traffic.dto';

const ReportOkSchema = z.strictObject({
  status: z.literal('ok'),
  accepted: z.literal(true),
  duplicate: z.boolean().describe('Already stored: acknowledged without effect'),
  seq: z.number().int(),
  counted_mb: z.number().describe('MB this report added'),
  server_counted_mb: z
    .number()
    .describe('The session’s MB as the server counts them (authoritative)'),
  report_count: z.number().int(),
  missing_reports: z.number().int(),
  mismatch: z.boolean().describe('The device’s cumulative_mb disagrees with the server count'),
});

/**
 * POST /api/traffic/report, served by Fastify directly (report.route.ts). No gateway rate limit:
 * telemetry-svc counts 12 reports a minute per device (and REPORTS_PER_MIN_PER_USER per account)
 * and answers 429 with `retry_after_s`.
 */
export const ReportRouteContract = defineRoute({
  method: 'POST',
  path: '/api/traffic/report',
  tags: ['traffic'],
  access: 'user',
  rateLimit: 'none',
  summary:
    'A device report (every 10 s or 100 MB); idempotent on (session_id, seq). 200 = durably stored',
  body: ReportSchema,
  envelope: false,
  response: ReportOkSchema,
  errors: {
    400: ['invalid_report'],
    403: ['device_mismatch'],
    404: ['session_not_found'],
    409: ['session_closed'],
    429: ['rate_limited'],
  },
});
