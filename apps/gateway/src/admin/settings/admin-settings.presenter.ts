import type { auth } from '@trafficshare/contracts';
import type { z } from '../../common/zod';

import type { BackupJobJson, SettingsStatusRoute } from './admin-settings.contract';
import type { AppDescribed } from './status.service';
import type { BackupJob } from './backup.service';

type AppStatusJson = z.input<typeof SettingsStatusRoute.response>['apps'][number];

export const appStatusJson = ({ app, described: d }: AppDescribed): AppStatusJson =>
  d
    ? {
        app,
        ok: true,
        version: d.version,
        instance: d.instance,
        uptime_s: d.uptimeS,
        ready: d.ready,
        event_loop_lag_ms: d.eventLoopLagMs,
        outbox_backlog: d.outboxBacklog,
        dlq_size: d.dlqSize,
        schema_bytes: d.schemaBytes,
        schema_head: d.schemaHead,
      }
    : {
        app,
        ok: false,
        version: null,
        instance: null,
        uptime_s: null,
        ready: false,
        event_loop_lag_ms: null,
        outbox_backlog: null,
        dlq_size: null,
        schema_bytes: null,
        schema_head: null,
      };

/** A stored setting as JSON (its value is validated by auth-svc; the contract checks it again). */
export const settingJson = <V>(s: auth.SystemSetting | undefined, fallback: V) => ({
  key: s?.key ?? '',
  value: (s ? (JSON.parse(s.valueJson) as V) : fallback) ?? fallback,
  updated_at: s?.updatedAt ? s.updatedAt : null,
  updated_by: s?.updatedAt ? Number(s.updatedBy) : null,
});

export const backupJobJson = (j: BackupJob): BackupJobJson => ({
  id: j.id,
  status: j.status,
  file: j.file,
  size_bytes: j.sizeBytes,
  error: j.error,
  requested_by: j.requestedBy,
  started_at: j.startedAt,
  finished_at: j.finishedAt,
});
