import { line, text, z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

/** sent + failed = tokens tried so far; `deleted` of the failed were gone and deleted. */
export const PushJobSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  sent: z.number().int(),
  failed: z.number().int(),
  deleted: z.number().int(),
  total: z.number().int().describe('The segment’s tokens when the job began'),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

export const SendPushRoute = defineRoute({
  method: 'POST',
  path: '/api/push/send',
  tags: ['notifications'],
  access: { roles: ['superadmin'] },
  rateLimit: { name: 'push_send', points: 10, windowS: 60, by: 'user' },
  summary: 'Push to a segment of users through FCM (admin): {sent, failed} and its job',
  description:
    'Segments: active in the last N days, platform, or a list of users; `silent` sends a data-only message. Sent as a background job at the global push rate in batches of ≤ 500; tokens FCM reports gone are deleted. The answer comes when the job is done or after a few seconds (notify-svc’s PUSH_SEND_WAIT_MS, below the request deadline), whichever is first: `job.status` `done` with the final counts, or `running` with the counts so far — follow it with GET /api/push/jobs/{id}. `sent`, `failed` and `removed_tokens` are the job’s counts at that moment.',
  body: z.strictObject({
    title: line(200).default(''),
    body: text(2000).default(''),
    silent: z.boolean().default(false),
    data: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), line(500)).default({}),
    segment: z
      .strictObject({
        active_days: z.number().int().min(0).max(365).default(0),
        platform: z.enum(['android', 'ios', 'web', 'any']).default('any'),
        telegram_ids: z.array(z.number().int().positive()).max(10_000).default([]),
      })
      .default({ active_days: 0, platform: 'any', telegram_ids: [] }),
  }),
  response: z.strictObject({
    sent: z.number().int(),
    failed: z.number().int(),
    removed_tokens: z.number().int(),
    job: PushJobSchema,
  }),
  errors: { 400: ['invalid_push'] },
});

export const PushJobRoute = defineRoute({
  method: 'GET',
  path: '/api/push/jobs/:id',
  tags: ['notifications'],
  access: { roles: ['superadmin'] },
  summary: 'One admin push job’s progress (admin)',
  params: z.strictObject({ id: z.uuid() }),
  response: z.strictObject({ job: PushJobSchema }),
  errors: { 404: ['push_job_not_found'] },
});
