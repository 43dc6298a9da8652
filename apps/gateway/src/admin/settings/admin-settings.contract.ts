import { CRON_JOB_NAMES, IntervalSchema, SecuritySettingsSchema } from '@trafficshare/config';

import { z } from '../../common/zod';
import { defineRoute } from '../../contract/route-contract';

const superadmins = { roles: ['superadmin'] } as const;
const tags = ['admin-settings'];

const AppStatusSchema = z.strictObject({
  app: z.string(),
  ok: z.boolean().describe('false: the app did not answer Describe (its other fields are null)'),
  version: z.string().nullable(),
  instance: z.string().nullable().describe('host:pid of the replica that answered'),
  uptime_s: z.number().int().nullable(),
  ready: z.boolean().describe('Postgres, NATS and Redis answered the app'),
  event_loop_lag_ms: z.number().nullable().describe('p99 since the previous status call'),
  outbox_backlog: z.number().int().nullable(),
  dlq_size: z
    .number()
    .int()
    .nullable()
    .describe('Dead letters of the app’s consumers (-1: unknown)'),
  schema_bytes: z.number().int().nullable().describe('The app’s schema (-1: unknown)'),
  schema_head: z.string().nullable().describe('Newest applied migration'),
});

export const SettingsStatusRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/settings/status',
  tags,
  access: superadmins,
  summary:
    'Every app’s version, uptime, readiness, event-loop lag, outbox backlog, DLQ size and schema size (asked over Describe), plus NATS and Postgres',
  response: z.strictObject({
    gateway: z.strictObject({
      version: z.string(),
      instance: z.string(),
      uptime_s: z.number().int(),
      event_loop_lag_ms: z.number(),
    }),
    apps: z.array(AppStatusSchema),
    nats: z.strictObject({
      ok: z.boolean(),
      events: z.number().int().nullable().describe('Messages in the events stream'),
      dlq: z.number().int().nullable().describe('Dead letters of every consumer'),
    }),
    postgres: z.strictObject({
      ok: z.boolean(),
      database_bytes: z.number().int().nullable(),
    }),
    generated_at: z.string(),
  }),
});

const SettingSchema = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    key: z.string(),
    value,
    updated_at: z.string().nullable().describe('null while the configured default applies'),
    updated_by: z.number().int().nullable(),
  });

const CronValue = z
  .partialRecord(z.enum(CRON_JOB_NAMES), z.string())
  .describe('Job → interval; a job left out runs at its service’s configured default');

export const SettingsListRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/settings',
  tags,
  access: superadmins,
  summary: 'The system settings in force (security and cron), stored values over defaults',
  response: z.strictObject({
    security: SettingSchema(SecuritySettingsSchema),
    cron: SettingSchema(CronValue),
  }),
});

const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional();

export const SettingsSecurityRoute = defineRoute({
  method: 'PATCH',
  path: '/api/admin/settings/security',
  tags,
  access: superadmins,
  summary:
    'Token lifetimes and the 2FA policy; auth-svc reads them when it issues tokens, so they apply to the next login or renewal without a restart (null: back to the default)',
  body: z
    .strictObject({
      access_token_ttl_s: nullable(SecuritySettingsSchema.shape.access_token_ttl_s),
      refresh_token_ttl_s: nullable(SecuritySettingsSchema.shape.refresh_token_ttl_s),
      two_factor_max_renewals_without_code: nullable(
        SecuritySettingsSchema.shape.two_factor_max_renewals_without_code,
      ),
    })
    .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' }),
  response: z.strictObject({ setting: SettingSchema(SecuritySettingsSchema) }),
  errors: { 400: ['invalid_setting'] },
});

export const SettingsCronRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/settings/cron',
  tags,
  access: superadmins,
  summary:
    'Intervals of the periodic jobs (subscription expiry sweep, session timeout sweep, ledger reconciliation, filter audit cleanup): every replica of the owning service applies them at once (null: back to the default)',
  body: z.strictObject({
    jobs: z
      .partialRecord(z.enum(CRON_JOB_NAMES), IntervalSchema.nullable())
      .refine((j) => Object.keys(j).length > 0, { message: 'name at least one job' })
      .describe('e.g. {"ledger_reconciliation": "10m", "session_timeout_sweep": null}'),
  }),
  response: z.strictObject({ setting: SettingSchema(CronValue) }),
  errors: { 400: ['invalid_setting'] },
});

const BackupJobSchema = z.strictObject({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  file: z.string().describe('Archive name inside BACKUP_DIR (pg_dump custom format)'),
  size_bytes: z.number().int().nullable(),
  error: z.string().nullable(),
  requested_by: z.number().int(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type BackupJobJson = z.input<typeof BackupJobSchema>;

export const SettingsBackupRoute = defineRoute({
  method: 'POST',
  path: '/api/admin/settings/backup',
  tags,
  access: superadmins,
  rateLimit: { name: 'admin_backup', points: 5, windowS: 3600, by: 'user' },
  summary:
    'Starts a pg_dump of the database into BACKUP_DIR as a job (one at a time); poll GET …/backup/{id}',
  status: 202,
  response: z.strictObject({ job: BackupJobSchema }),
  errors: { 409: ['backup_running'], 503: ['pg_dump_missing'] },
});

export const SettingsBackupJobRoute = defineRoute({
  method: 'GET',
  path: '/api/admin/settings/backup/:id',
  tags,
  access: superadmins,
  summary: 'A backup job: status, archive and its size',
  params: z.strictObject({ id: z.uuid() }),
  response: z.strictObject({ job: BackupJobSchema }),
  errors: { 404: ['backup_not_found'] },
});
