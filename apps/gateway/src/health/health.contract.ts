import { OPS_PATHS } from '@trafficshare/config';

import { z } from '../common/zod';
import { defineRoute } from '../contract/route-contract';

const ComponentSchema = z.strictObject({
  status: z.enum(['up', 'down']),
  error: z.string().optional(),
  latency_ms: z.number().optional(),
});

const ReadinessSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  components: z
    .record(z.string(), ComponentSchema)
    .describe('Every service, postgres, redis and nats'),
  down: z.array(z.string()).describe('The components that did not answer'),
});

// Probes answer their own small bodies (no envelope), are public and never rate limited.
const probe = { tags: ['ops'], access: 'public', rateLimit: 'none', envelope: false } as const;

export const LiveRoute = defineRoute({
  ...probe,
  method: 'GET',
  path: OPS_PATHS.live,
  summary: 'The gateway process is alive',
  response: z.strictObject({ status: z.literal('ok') }),
});

export const ReadyRoute = defineRoute({
  ...probe,
  method: 'GET',
  path: OPS_PATHS.ready,
  summary: 'Every service, Postgres, Redis and NATS answer (503 names what is down)',
  response: ReadinessSchema,
  alternatives: { 503: ReadinessSchema },
});
