// The START filter for superadmins: the review queue (pending_admin tickets approved or rejected
// with a note), one session's audit trail (checks, provider answers, decision, override), the
// policy editor (a new version per change, refused when someone else changed it first) and the
// whitelist of ASNs and IPs/CIDRs (add with a note, remove).
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad, useStateFrom } from '../../ui/hooks';

type ReviewQuery = NonNullable<paths['/api/admin/filter/reviews']['get']['parameters']['query']>;
type ReviewStatus = NonNullable<ReviewQuery['status']>;
type Review =
  paths['/api/admin/filter/reviews']['get']['responses'][200]['content']['application/json']['reviews'][number];
type Policy =
  paths['/api/admin/filter/policy']['get']['responses'][200]['content']['application/json']['policy'];
type PolicyPatch = NonNullable<
  paths['/api/admin/filter/policy']['patch']['requestBody']
>['content']['application/json'];
type NetworkType = NonNullable<PolicyPatch['allowed_network_types']>[number];
type AuditEntry =
  paths['/api/admin/filter/audit/{session_id}']['get']['responses'][200]['content']['application/json']['entries'][number];

const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'approved', 'rejected', 'all'];
const NETWORK_TYPES: readonly NetworkType[] = ['mobile', 'wifi', 'unknown'];

function ReviewQueue({ onAudit }: { onAudit: (sessionId: string) => void }) {
  const i = useI18n();
  const { t } = i;
  const [status, setStatus] = useState<ReviewStatus>('pending');
  const reviews = useLoad(
    () =>
      unwrap(api.GET('/api/admin/filter/reviews', { params: { query: { status, limit: 50 } } })),
    [status],
  );
  const [note, setNote] = useState('');
  const decide = useAction(async (ticket: string, action: 'approve' | 'reject') => {
    const answer = await unwrap(
      api.POST('/api/admin/filter/override/{ticket_id}', {
        params: { path: { ticket_id: ticket } },
        body: { action, note: note.trim() },
      }),
    );
    setNote('');
    reviews.reload();
    return answer.review;
  });
  return (
    <Card title={t('admin.reviews')} id="filter-reviews">
      <div className="row">
        <Field label={t('admin.flt.status')}>
          <select
            data-testid="review-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReviewStatus)}
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.flt.rstatus.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('admin.flt.note')}>
          <input
            data-testid="review-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
          />
        </Field>
      </div>
      <Async state={reviews}>
        {(data) =>
          data.reviews.length === 0 ? (
            <p className="hint">{t('app.empty')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.reviews')}>
              <table data-testid="review-table">
                <thead>
                  <tr>
                    <th scope="col">{t('tx.date')}</th>
                    <th scope="col">{t('admin.telegramId')}</th>
                    <th scope="col">IP</th>
                    <th scope="col">{t('admin.flt.network')}</th>
                    <th scope="col">VPN</th>
                    <th scope="col">{t('admin.flt.reasons')}</th>
                    <th scope="col">{t('admin.flt.status')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('admin.flt.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.reviews.map((r: Review) => (
                    <tr key={r.ticket_id} data-ticket={r.ticket_id}>
                      <td>{i.dateTime(r.created_at)}</td>
                      <td>{r.telegram_id}</td>
                      <td className="mono">
                        {r.client_ip}
                        <div className="hint">
                          {[r.country, r.asn !== null ? `AS${r.asn}` : null, r.isp]
                            .filter(Boolean)
                            .join(' · ') || '—'}
                        </div>
                      </td>
                      <td>
                        {r.network_type_client || '—'} / {r.network_type_asn || '—'}
                      </td>
                      <td>{r.vpn_score}</td>
                      <td>{r.reasons.join(', ') || '—'}</td>
                      <td>
                        <span className="badge">
                          {r.status ? t(`admin.flt.rstatus.${r.status}` as MessageKey) : '—'}
                        </span>
                        {r.note && <div className="hint">{r.note}</div>}
                      </td>
                      <td>
                        <div className="row">
                          {r.status === 'pending' && (
                            <>
                              <button
                                type="button"
                                data-decide="approve"
                                disabled={decide.pending}
                                onClick={() => void decide.call(r.ticket_id, 'approve')}
                              >
                                {t('admin.approve')}
                              </button>
                              <button
                                type="button"
                                className="danger"
                                data-decide="reject"
                                disabled={decide.pending}
                                onClick={() => void decide.call(r.ticket_id, 'reject')}
                              >
                                {t('admin.reject')}
                              </button>
                            </>
                          )}
                          {r.session_id && (
                            <button
                              type="button"
                              className="secondary"
                              onClick={() => onAudit(r.session_id ?? '')}
                            >
                              {t('admin.flt.audit')}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      {decide.result && !decide.error && (
        <Notice>
          {t('admin.flt.decided', {
            status: t(`admin.flt.rstatus.${decide.result.status || 'pending'}` as MessageKey),
          })}
        </Notice>
      )}
      <ErrorText error={decide.error} />
    </Card>
  );
}

/** Pretty JSON of a provider answer or check list the contract leaves open. */
const json = (value: unknown) => JSON.stringify(value, null, 2);

function isCheckList(
  value: unknown,
): value is Array<{ name: string; outcome: string; detail?: string }> {
  return (
    Array.isArray(value) &&
    value.every(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as { name?: unknown }).name === 'string' &&
        typeof (c as { outcome?: unknown }).outcome === 'string',
    )
  );
}

function AuditTrail({ entry }: { entry: AuditEntry }) {
  const i = useI18n();
  const { t } = i;
  const checks = entry.check_sequence;
  return (
    <li data-testid="audit-entry">
      <strong>{entry.final_decision || '—'}</strong> · {i.dateTime(entry.created_at)} ·{' '}
      {entry.client_ip ?? '—'} · {entry.country ?? '—'} · VPN {entry.vpn_score} ·{' '}
      {t('admin.policyVersion', { version: entry.policy_version })}
      {entry.dry_run && ` · ${t('admin.flt.dryRun')}`}
      {entry.cache_hit && ` · ${t('admin.flt.cacheHit')}`}
      {entry.admin_override_by !== null &&
        ` · ${t('admin.flt.overrideBy', { id: entry.admin_override_by })}`}
      {entry.reasons.length > 0 && (
        <div>
          {t('admin.flt.reasons')}: {entry.reasons.join(', ')}
        </div>
      )}
      {isCheckList(checks) ? (
        <ol className="list">
          {checks.map((c, n) => (
            <li key={n}>
              <span className={c.outcome === 'fail' ? 'down' : c.outcome === 'pass' ? 'ok' : ''}>
                {c.name}: {c.outcome}
              </span>
              {c.detail ? ` · ${c.detail}` : ''}
            </li>
          ))}
        </ol>
      ) : (
        <pre className="mono">{json(checks)}</pre>
      )}
      <details>
        <summary>{t('admin.flt.providers')}</summary>
        <pre className="mono">{json(entry.provider_responses)}</pre>
      </details>
    </li>
  );
}

function SessionAudit({
  sessionId,
  onSession,
}: {
  sessionId: string;
  onSession: (id: string) => void;
}) {
  const { t } = useI18n();
  const [input, setInput] = useStateFrom(sessionId, (id) => id);
  const audit = useLoad(
    () =>
      sessionId === ''
        ? Promise.resolve(undefined)
        : unwrap(
            api.GET('/api/admin/filter/audit/{session_id}', {
              params: { path: { session_id: sessionId } },
            }),
          ),
    [sessionId],
  );
  return (
    <Card title={t('admin.flt.auditTitle')} id="filter-audit">
      <form
        className="row"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (input.trim() !== '') onSession(input.trim());
        }}
      >
        <Field label={t('admin.flt.sessionId')}>
          <input
            className="mono"
            data-testid="audit-session"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            maxLength={100}
            required
          />
        </Field>
        <button type="submit">{t('admin.lookup')}</button>
      </form>
      {sessionId !== '' && (
        <Async state={audit}>
          {(data) =>
            data && data.entries.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="audit-entries">
                {data?.entries.map((e) => (
                  <AuditTrail key={e.id} entry={e} />
                ))}
              </ul>
            )
          }
        </Async>
      )}
    </Card>
  );
}

/** The form's fields as text, so a half-typed number is not lost. */
interface PolicyForm {
  regions: string;
  block: string;
  warn: string;
  proxy: boolean;
  datacenter: boolean;
  networks: NetworkType[];
  failure: Policy['failure_action'];
  attempts: string;
  devices: string;
  ttl: string;
  note: string;
}

function formOf(p: Policy): PolicyForm {
  return {
    regions: p.allowed_regions.join(', '),
    block: String(p.vpn_score_block_threshold),
    warn: String(p.vpn_score_warn_threshold),
    proxy: p.block_if_proxy,
    datacenter: p.block_datacenter,
    networks: p.allowed_network_types.filter((n): n is NetworkType => n !== ''),
    failure: p.failure_action,
    attempts: String(p.max_start_attempts_before_lock),
    devices: String(p.max_devices_per_ip),
    ttl: String(p.cache_ttl_ip),
    note: '',
  };
}

/** The PATCH body of a form: every setting, at the version the admin saw. */
export function policyPatch(version: number, f: PolicyForm): PolicyPatch {
  return {
    expected_version: version,
    ...(f.note.trim() ? { note: f.note.trim() } : {}),
    allowed_regions: f.regions
      .split(/[\s,]+/)
      .map((r) => r.trim().toUpperCase())
      .filter(Boolean),
    vpn_score_block_threshold: Number(f.block),
    vpn_score_warn_threshold: Number(f.warn),
    block_if_proxy: f.proxy,
    block_datacenter: f.datacenter,
    allowed_network_types: f.networks,
    failure_action: f.failure,
    max_start_attempts_before_lock: Number(f.attempts),
    max_devices_per_ip: Number(f.devices),
    cache_ttl_ip_s: Number(f.ttl),
  };
}

function PolicyEditor({ policy, onSaved }: { policy: Policy; onSaved: (p: Policy) => void }) {
  const i = useI18n();
  const { t } = i;
  const [form, setForm] = useStateFrom(policy, formOf);
  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const save = useAction(async () => {
    const answer = await unwrap(
      api.PATCH('/api/admin/filter/policy', { body: policyPatch(policy.version, form) }),
    );
    onSaved(answer.policy);
    return answer.policy;
  });
  const number = (
    key: 'block' | 'warn' | 'attempts' | 'devices' | 'ttl',
    label: MessageKey,
    min: number,
    max: number,
  ) => (
    <Field label={t(label)}>
      <input
        type="number"
        data-testid={`policy-${key}`}
        min={min}
        max={max}
        step={1}
        value={form[key]}
        onChange={(e) => set(key, e.target.value)}
        required
      />
    </Field>
  );
  return (
    <form
      data-testid="policy-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void save.call();
      }}
    >
      <p className="hint" data-testid="policy-version">
        {t('admin.policyVersion', { version: policy.version })} ·{' '}
        {t('admin.flt.updated', {
          at: i.dateTime(policy.updated_at),
          by: policy.updated_by ?? '—',
        })}
        {policy.note && ` · ${policy.note}`}
      </p>
      <Field label={t('admin.flt.regions')}>
        <input
          data-testid="policy-regions"
          value={form.regions}
          onChange={(e) => set('regions', e.target.value)}
          placeholder="UZ, KZ, EU"
        />
      </Field>
      <p className="hint">{t('admin.flt.regionsHint')}</p>
      <div className="row">
        {number('block', 'admin.flt.vpnBlock', 0, 100)}
        {number('warn', 'admin.flt.vpnWarn', 0, 100)}
      </div>
      <label className="switch">
        <span>{t('admin.flt.blockProxy')}</span>
        <input
          type="checkbox"
          checked={form.proxy}
          onChange={(e) => set('proxy', e.target.checked)}
        />
      </label>
      <label className="switch">
        <span>{t('admin.flt.blockDatacenter')}</span>
        <input
          type="checkbox"
          checked={form.datacenter}
          onChange={(e) => set('datacenter', e.target.checked)}
        />
      </label>
      <fieldset>
        <legend>{t('admin.flt.networks')}</legend>
        {NETWORK_TYPES.map((n) => (
          <label key={n} className="switch">
            <span>{t(`admin.flt.net.${n}` as MessageKey)}</span>
            <input
              type="checkbox"
              data-network={n}
              checked={form.networks.includes(n)}
              onChange={(e) =>
                set(
                  'networks',
                  e.target.checked ? [...form.networks, n] : form.networks.filter((x) => x !== n),
                )
              }
            />
          </label>
        ))}
      </fieldset>
      <Field label={t('admin.flt.failure')}>
        <select
          data-testid="policy-failure"
          value={form.failure}
          onChange={(e) => set('failure', e.target.value as Policy['failure_action'])}
        >
          <option value="deny">{t('admin.flt.failure.deny')}</option>
          <option value="pending_admin">{t('admin.flt.failure.pending_admin')}</option>
        </select>
      </Field>
      <div className="row">
        {number('attempts', 'admin.flt.attempts', 1, 1000)}
        {number('devices', 'admin.flt.devices', 1, 1000)}
        {number('ttl', 'admin.flt.ttl', 1, 30 * 86_400)}
      </div>
      <Field label={t('admin.flt.note')}>
        <input
          data-testid="policy-note"
          value={form.note}
          onChange={(e) => set('note', e.target.value)}
          maxLength={500}
        />
      </Field>
      <button type="submit" data-testid="policy-save" disabled={save.pending}>
        {t('app.save')}
      </button>
      {save.result && !save.error && (
        <Notice>{t('admin.flt.saved', { version: save.result.version })}</Notice>
      )}
      <ErrorText error={save.error} />
    </form>
  );
}

function Whitelist() {
  const { t } = useI18n();
  const list = useLoad(() => unwrap(api.GET('/api/admin/filter/whitelist')), []);
  const [type, setType] = useState<'asn' | 'ip'>('asn');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const add = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/filter/whitelist', {
        body: { type, value: value.trim(), note: note.trim() },
      }),
    );
    setValue('');
    setNote('');
    list.set(answer);
    return answer;
  });
  const remove = useAction(async (kind: 'asn' | 'ip', entry: string) => {
    const answer = await unwrap(
      api.DELETE('/api/admin/filter/whitelist/{type}/{value}', {
        params: { path: { type: kind, value: entry } },
      }),
    );
    list.set(answer);
    return answer;
  });
  const row = (kind: 'asn' | 'ip', entry: string, label: string) => (
    <li key={`${kind}:${entry}`} data-entry={`${kind}:${entry}`}>
      <span className="mono">{label}</span>{' '}
      <button
        type="button"
        className="secondary"
        disabled={remove.pending}
        onClick={() => void remove.call(kind, entry)}
      >
        {t('admin.remove')} <span className="visually-hidden">{label}</span>
      </button>
    </li>
  );
  return (
    <Card title={t('admin.whitelist')} id="filter-whitelist">
      <form
        className="row"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (value.trim() !== '') void add.call();
        }}
      >
        <Field label={t('admin.flt.entryType')}>
          <select
            data-testid="wl-type"
            value={type}
            onChange={(e) => setType(e.target.value as 'asn' | 'ip')}
          >
            <option value="asn">ASN</option>
            <option value="ip">{t('admin.flt.ipOrCidr')}</option>
          </select>
        </Field>
        <Field label={t('admin.flt.entry')}>
          <input
            className="mono"
            data-testid="wl-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={type === 'asn' ? 'AS15169' : '10.0.0.0/8'}
            maxLength={64}
            required
          />
        </Field>
        <Field label={t('admin.flt.note')}>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </Field>
        <button type="submit" data-testid="wl-add" disabled={add.pending}>
          {t('admin.add')}
        </button>
      </form>
      <ErrorText error={add.error ?? remove.error} />
      <Async state={list}>
        {(w) => (
          <>
            <p className="hint">{t('admin.policyVersion', { version: w.policy_version })}</p>
            {w.asns.length + w.ips.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="whitelist">
                {w.asns.map((a) => row('asn', String(a), `AS${a}`))}
                {w.ips.map((ip) => row('ip', ip, ip))}
              </ul>
            )}
          </>
        )}
      </Async>
    </Card>
  );
}

export function FilterPage() {
  const { t } = useI18n();
  const [sessionId, setSessionId] = useState('');
  const policy = useLoad(() => unwrap(api.GET('/api/admin/filter/policy')), []);
  return (
    <>
      <h1>{t('admin.filter')}</h1>
      <ReviewQueue onAudit={setSessionId} />
      <SessionAudit sessionId={sessionId} onSession={setSessionId} />
      <Card title={t('admin.policy')} id="filter-policy">
        <Async state={policy}>
          {(p) => (
            <PolicyEditor
              policy={p.policy}
              onSaved={(next) => policy.set({ ...p, policy: next })}
            />
          )}
        </Async>
      </Card>
      <Whitelist />
    </>
  );
}
