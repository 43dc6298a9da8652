// Superadmin system pages. Settings: every app's status (version, uptime, readiness, event-loop
// lag, outbox, dead letters, schema), token lifetimes and the 2FA policy, the periodic jobs'
// intervals, and a database backup polled until it is done. Logs & Monitoring: the security,
// API-key and error logs (filters, older pages by cursor) and the live monitor socket.
import { useEffect, useState, type FormEvent } from 'react';

import { api, getAccessToken, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { connectLive } from '../../live/live';
import { Async, Card, ErrorText, Field, Notice, Stat } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Settings =
  paths['/api/admin/settings']['get']['responses'][200]['content']['application/json'];
type Job =
  paths['/api/admin/settings/backup/{id}']['get']['responses'][200]['content']['application/json']['job'];

export const CRON_JOBS = [
  'subscription_expiry_sweep',
  'session_timeout_sweep',
  'ledger_reconciliation',
  'filter_audit_cleanup',
] as const;

function uptime(s: number | null | undefined): string {
  if (s === null || s === undefined) return '—';
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || n < 0) return '—';
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}

function StatusCard() {
  const i = useI18n();
  const { t } = i;
  const state = useLoad(() => unwrap(api.GET('/api/admin/settings/status')), []);
  const yes = (v: boolean) => (
    <span className={v ? 'ok' : 'down'}>{v ? t('admin.set.yes') : t('admin.set.no')}</span>
  );
  return (
    <Card title={t('admin.set.status')} id="system-status">
      <Async state={state}>
        {(s) => (
          <>
            <div className="grid">
              <Stat
                label="gateway"
                value={s.gateway.version}
                sub={`${uptime(s.gateway.uptime_s)} · ${i.number(s.gateway.event_loop_lag_ms, 1)} ms`}
              />
              <Stat
                label="NATS"
                value={yes(s.nats.ok)}
                sub={`${s.nats.events ?? '—'} · DLQ ${s.nats.dlq ?? '—'}`}
              />
              <Stat
                label="Postgres"
                value={yes(s.postgres.ok)}
                sub={bytes(s.postgres.database_bytes)}
              />
            </div>
            <div
              className="table-wrap"
              tabIndex={0}
              role="region"
              aria-label={t('admin.set.status')}
            >
              <table data-testid="apps-status">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.set.app')}</th>
                    <th scope="col">{t('admin.set.version')}</th>
                    <th scope="col">{t('admin.set.uptime')}</th>
                    <th scope="col">{t('admin.set.ready')}</th>
                    <th scope="col">{t('admin.set.lag')}</th>
                    <th scope="col">{t('admin.set.outbox')}</th>
                    <th scope="col">{t('admin.set.dlq')}</th>
                    <th scope="col">{t('admin.set.schema')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.apps.map((a) => (
                    <tr key={a.app}>
                      <td>{a.app}</td>
                      <td>{a.version ?? '—'}</td>
                      <td>{uptime(a.uptime_s)}</td>
                      <td>{yes(a.ok && a.ready)}</td>
                      <td>
                        {a.event_loop_lag_ms === null
                          ? '—'
                          : `${i.number(a.event_loop_lag_ms, 1)} ms`}
                      </td>
                      <td>{a.outbox_backlog ?? '—'}</td>
                      <td>{a.dlq_size === null || a.dlq_size < 0 ? '—' : a.dlq_size}</td>
                      <td>
                        {bytes(a.schema_bytes)}
                        {a.schema_head ? ` · ${a.schema_head}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="button" className="secondary" onClick={state.reload}>
              {t('balance.refresh')}
            </button>
          </>
        )}
      </Async>
    </Card>
  );
}

function SecurityForm({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useI18n();
  const v = settings.security.value;
  const [access, setAccess] = useState(String(v.access_token_ttl_s));
  const [refresh, setRefresh] = useState(String(v.refresh_token_ttl_s));
  const [renewals, setRenewals] = useState(String(v.two_factor_max_renewals_without_code));
  const save = useAction(async () => {
    const answer = await unwrap(
      api.PATCH('/api/admin/settings/security', {
        body: {
          access_token_ttl_s: Number(access),
          refresh_token_ttl_s: Number(refresh),
          two_factor_max_renewals_without_code: Number(renewals),
        },
      }),
    );
    onSaved();
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save.call();
  };
  const num = (value: string, set: (s: string) => void, label: MessageKey, id: string) => (
    <Field label={t(label)}>
      <input
        data-testid={id}
        value={value}
        onChange={(e) => set(e.target.value.replace(/\D/g, ''))}
        inputMode="numeric"
        required
      />
    </Field>
  );
  return (
    <Card title={t('admin.set.security')} id="system-security">
      <form onSubmit={submit}>
        <div className="row">
          {num(access, setAccess, 'admin.set.accessTtl', 'access-ttl')}
          {num(refresh, setRefresh, 'admin.set.refreshTtl', 'refresh-ttl')}
          {num(renewals, setRenewals, 'admin.set.renewals', 'renewals')}
        </div>
        <button type="submit" disabled={save.pending}>
          {t('app.save')}
        </button>
        {save.result && <Notice>{t('admin.set.saved')}</Notice>}
        <ErrorText error={save.error} />
      </form>
    </Card>
  );
}

function CronForm({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(CRON_JOBS.map((j) => [j, String(settings.cron.value[j] ?? '')])),
  );
  const save = useAction(async () => {
    const jobs = Object.fromEntries(
      CRON_JOBS.map((j) => [j, values[j].trim() === '' ? null : values[j].trim()]),
    );
    const answer = await unwrap(api.POST('/api/admin/settings/cron', { body: { jobs } }));
    onSaved();
    return answer;
  });
  return (
    <Card title={t('admin.set.cron')} id="system-cron">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save.call();
        }}
      >
        <p className="hint">{t('admin.set.cronHint')}</p>
        <div className="row">
          {CRON_JOBS.map((job) => (
            <Field key={job} label={job}>
              <input
                data-testid={`cron-${job}`}
                value={values[job]}
                onChange={(e) => setValues({ ...values, [job]: e.target.value })}
                maxLength={16}
                placeholder="10m"
              />
            </Field>
          ))}
        </div>
        <button type="submit" disabled={save.pending}>
          {t('app.save')}
        </button>
        {save.result && <Notice>{t('admin.set.saved')}</Notice>}
        <ErrorText error={save.error} />
      </form>
    </Card>
  );
}

function Backup({ pollMs }: { pollMs: number }) {
  const { t } = useI18n();
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  const start = useAction(async () => {
    const answer = await unwrap(api.POST('/api/admin/settings/backup'));
    setJob(answer.job);
    return answer;
  });
  useEffect(() => {
    if (!job || job.status !== 'running') return undefined;
    const timer = setTimeout(() => {
      unwrap(api.GET('/api/admin/settings/backup/{id}', { params: { path: { id: job.id } } })).then(
        (answer) => setJob(answer.job),
        setError,
      );
    }, pollMs);
    return () => clearTimeout(timer);
  }, [job, pollMs]);
  return (
    <Card title={t('admin.set.backup')} id="system-backup">
      <button
        type="button"
        onClick={() => void start.call()}
        disabled={start.pending || job?.status === 'running'}
      >
        {t('admin.set.backupStart')}
      </button>
      {job && (
        <p role="status" data-testid="backup-job">
          {t('admin.set.backupJob', { file: job.file, status: job.status })}
          {job.size_bytes !== null && ` · ${bytes(job.size_bytes)}`}
          {job.error && ` · ${job.error}`}
        </p>
      )}
      <ErrorText error={start.error ?? error} />
    </Card>
  );
}

export function AdminSettingsPage({ pollMs = 1_000 }: { pollMs?: number }) {
  const { t } = useI18n();
  const settings = useLoad(() => unwrap(api.GET('/api/admin/settings')), []);
  return (
    <>
      <h1>{t('admin.settings')}</h1>
      <StatusCard />
      <Async state={settings}>
        {(s) => (
          <>
            <SecurityForm settings={s} onSaved={settings.reload} />
            <CronForm settings={s} onSaved={settings.reload} />
          </>
        )}
      </Async>
      <Backup pollMs={pollMs} />
    </>
  );
}

type LogKind = 'auth' | 'traffic' | 'errors';
type AuthItem =
  paths['/api/admin/logs/auth']['get']['responses'][200]['content']['application/json']['items'][number];
type ErrorItem =
  paths['/api/admin/logs/errors']['get']['responses'][200]['content']['application/json']['items'][number];

async function loadLog(kind: LogKind, user: string, level: string, cursor: string | undefined) {
  const query = {
    limit: 50,
    ...(/^\d+$/.test(user) ? { user: Number(user) } : {}),
    ...(cursor ? { cursor } : {}),
  };
  if (kind === 'errors') {
    const answer = await unwrap(
      api.GET('/api/admin/logs/errors', {
        params: {
          query: { ...query, ...(level === 'error' || level === 'warn' ? { level } : {}) },
        },
      }),
    );
    return { kind, items: answer.items as Array<AuthItem | ErrorItem>, next: answer.next_cursor };
  }
  const lvl =
    level === 'info' || level === 'warn' || level === 'error' ? { level: level as 'info' } : {};
  const answer =
    kind === 'auth'
      ? await unwrap(api.GET('/api/admin/logs/auth', { params: { query: { ...query, ...lvl } } }))
      : await unwrap(
          api.GET('/api/admin/logs/traffic', { params: { query: { ...query, ...lvl } } }),
        );
  return { kind, items: answer.items as Array<AuthItem | ErrorItem>, next: answer.next_cursor };
}

function isError(item: AuthItem | ErrorItem): item is ErrorItem {
  return 'request_id' in item;
}

export interface MonitorFrame {
  readonly filter?: { allowed_per_s: number; denied_per_s: number } | null;
  readonly active_sessions?: number | null;
  readonly reports_per_s?: number | null;
  readonly credited_usd_per_min?: number | null;
  readonly pending_withdrawals?: number | null;
  readonly errors_per_s?: number | null;
  readonly degraded?: string[];
}

export function monitorUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/admin/monitor`;
}

function Monitor() {
  const i = useI18n();
  const { t } = i;
  const [connected, setConnected] = useState(false);
  const [frame, setFrame] = useState<MonitorFrame>();
  useEffect(
    () =>
      connectLive({
        url: monitorUrl(window.location),
        token: getAccessToken,
        onState: setConnected,
        onMessage: (m) => {
          if (m.type === 'monitor') setFrame(m.data as MonitorFrame);
        },
      }),
    [],
  );
  const n = (v: number | null | undefined, d = 0) =>
    v === null || v === undefined ? '—' : i.number(v, d);
  return (
    <Card title={t('admin.logs.monitor')} id="logs-monitor">
      <p role="status" className="hint" data-testid="monitor-state">
        {connected ? `● ${t('admin.logs.connected')}` : t('admin.logs.disconnected')}
      </p>
      {frame?.degraded && frame.degraded.length > 0 && (
        <Notice>{t('app.degraded', { parts: frame.degraded.join(', ') })}</Notice>
      )}
      <div className="grid" data-testid="monitor">
        <Stat label={t('admin.logs.allowed')} value={n(frame?.filter?.allowed_per_s, 1)} />
        <Stat label={t('admin.logs.denied')} value={n(frame?.filter?.denied_per_s, 1)} />
        <Stat label={t('admin.logs.sessions')} value={n(frame?.active_sessions)} />
        <Stat label={t('admin.logs.reports')} value={n(frame?.reports_per_s, 1)} />
        <Stat label={t('admin.logs.credited')} value={n(frame?.credited_usd_per_min, 4)} />
        <Stat label={t('admin.logs.pendingWd')} value={n(frame?.pending_withdrawals)} />
        <Stat label={t('admin.logs.errorsPerS')} value={n(frame?.errors_per_s, 2)} />
      </div>
    </Card>
  );
}

export function AdminLogsPage() {
  const i = useI18n();
  const { t } = i;
  const [kind, setKind] = useState<LogKind>('auth');
  const [user, setUser] = useState('');
  const [level, setLevel] = useState('');
  const [cursor, setCursor] = useState<string>();
  const log = useLoad(() => loadLog(kind, user, level, cursor), [kind, level, cursor, user]);
  const tabs: ReadonlyArray<readonly [LogKind, MessageKey]> = [
    ['auth', 'admin.logs.auth'],
    ['traffic', 'admin.logs.traffic'],
    ['errors', 'admin.logs.errors'],
  ];
  return (
    <>
      <h1>{t('admin.logs')}</h1>
      <Monitor />
      <Card>
        <div className="tabs">
          {tabs.map(([id, label]) => (
            <button
              key={id}
              type="button"
              data-log={id}
              aria-pressed={kind === id}
              onClick={() => {
                setKind(id);
                setLevel('');
                setCursor(undefined);
              }}
            >
              {t(label)}
            </button>
          ))}
        </div>
        <div className="row">
          <Field label={t('admin.logs.user')}>
            <input
              value={user}
              onChange={(e) => {
                setUser(e.target.value.replace(/\D/g, ''));
                setCursor(undefined);
              }}
              inputMode="numeric"
            />
          </Field>
          <Field label={t('admin.logs.level')}>
            <select
              value={level}
              onChange={(e) => {
                setLevel(e.target.value);
                setCursor(undefined);
              }}
            >
              <option value="">{t('admin.logs.any')}</option>
              {(kind === 'errors' ? ['error', 'warn'] : ['info', 'warn', 'error']).map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Async state={log}>
          {(l) =>
            l.items.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <>
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.logs')}>
                  <table data-testid="log-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.logs.when')}</th>
                        <th scope="col">{t('admin.logs.level')}</th>
                        <th scope="col">{t('admin.logs.action')}</th>
                        <th scope="col">{t('admin.logs.details')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {l.items.map((item) => (
                        <tr key={item.id}>
                          <td>{i.dateTime(item.at)}</td>
                          <td className={item.level === 'error' ? 'down' : undefined}>
                            {item.level}
                          </td>
                          {isError(item) ? (
                            <>
                              <td>
                                {item.app} · {item.route} · {item.status}
                              </td>
                              <td className="mono">
                                {item.code} {item.error} · {item.request_id}
                              </td>
                            </>
                          ) : (
                            <>
                              <td>{item.action}</td>
                              <td className="mono">
                                {item.actor_id} → {item.target_id} · {item.ip}{' '}
                                {Object.keys(item.details).length > 0 &&
                                  JSON.stringify(item.details)}
                              </td>
                            </>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {l.next && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setCursor(l.next ?? undefined)}
                  >
                    {t('admin.logs.older')}
                  </button>
                )}
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}
