// Superadmin overview and exports: the summary cards and daily charts of
// /api/admin/dashboard/*, the report exports /api/admin/reports/export offers, and one user's
// referral tree (/api/admin/referrals/:telegram_id) with voiding.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { BarChart } from '../../ui/chart';
import { Async, Card, ErrorText, Field, Notice, Stat } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Charts =
  paths['/api/admin/dashboard/charts']['get']['responses'][200]['content']['application/json'];
type ReportQuery = NonNullable<paths['/api/admin/reports/export']['get']['parameters']['query']>;

const CHARTS: ReadonlyArray<
  readonly [
    keyof Pick<Charts, 'new_users' | 'daily_active_users' | 'mb' | 'credited_usd' | 'payouts_usd'>,
    MessageKey,
    'n' | 'mb' | 'usd',
  ]
> = [
  ['new_users', 'admin.dash.newUsers', 'n'],
  ['daily_active_users', 'admin.dash.dau', 'n'],
  ['mb', 'admin.dash.mb', 'mb'],
  ['credited_usd', 'admin.dash.creditedUsd', 'usd'],
  ['payouts_usd', 'admin.dash.payoutsUsd', 'usd'],
];

export function AdminSummary() {
  const i = useI18n();
  const { t } = i;
  const [days, setDays] = useState('30');
  const summary = useLoad(() => unwrap(api.GET('/api/admin/dashboard/summary')), []);
  const charts = useLoad(
    () => unwrap(api.GET('/api/admin/dashboard/charts', { params: { query: { days } } })),
    [days],
  );
  return (
    <>
      <Async state={summary}>
        {(s) => (
          <>
            {s.degraded.length > 0 && (
              <Notice>{t('app.degraded', { parts: s.degraded.join(', ') })}</Notice>
            )}
            <div className="grid cards" data-testid="summary">
              {s.users && (
                <Card>
                  <Stat
                    label={t('admin.dash.users')}
                    value={i.number(s.users.total)}
                    sub={t('admin.dash.usersSub', {
                      new: s.users.new_today,
                      banned: s.users.banned,
                    })}
                  />
                </Card>
              )}
              {s.balances && (
                <Card>
                  <Stat
                    label={t('admin.dash.balances')}
                    value={i.usd(s.balances.total_available_usd)}
                    sub={t('admin.dash.held', { amount: i.usd(s.balances.total_held_usd) })}
                  />
                </Card>
              )}
              {s.sessions && (
                <Card>
                  <Stat
                    label={t('admin.dash.sessions')}
                    value={i.number(s.sessions.active)}
                    sub={t('admin.dash.sessionsSub', {
                      users: s.sessions.active_users,
                      mb: i.mb(s.sessions.sent_mb_today),
                    })}
                  />
                </Card>
              )}
              {s.today && (
                <Card>
                  <Stat
                    label={t('admin.dash.credited')}
                    value={i.usd(s.today.credited_usd)}
                    sub={t('admin.dash.creditedSub', {
                      mb: i.mb(s.today.credited_mb),
                      bonus: i.usd(s.today.bonus_usd),
                    })}
                  />
                </Card>
              )}
              {s.payouts && (
                <Card>
                  <Stat
                    label={t('admin.dash.payouts')}
                    value={i.usd(s.payouts.today_usd)}
                    sub={t('admin.dash.payoutsSub', {
                      count: s.payouts.today_count,
                      pending: s.payouts.pending_withdrawals,
                    })}
                  />
                </Card>
              )}
              {s.pending_filter_reviews !== null && (
                <Card>
                  <Stat label={t('admin.dash.filter')} value={i.number(s.pending_filter_reviews)} />
                </Card>
              )}
              {s.users && (
                <Card>
                  <Stat label={t('admin.dash.apiKeys')} value={i.number(s.users.active_api_keys)} />
                </Card>
              )}
            </div>
          </>
        )}
      </Async>
      <Card>
        <Field label={t('admin.dash.days')}>
          <select data-testid="chart-days" value={days} onChange={(e) => setDays(e.target.value)}>
            {['7', '30', '90'].map((d) => (
              <option key={d} value={d}>
                {t('admin.dash.daysN', { days: d })}
              </option>
            ))}
          </select>
        </Field>
        <Async state={charts}>
          {(c) => (
            <div className="chart-grid" data-testid="charts">
              {CHARTS.map(([field, label, kind]) => {
                const series = c[field];
                if (!series) return null;
                const format =
                  kind === 'usd'
                    ? (v: number) => i.usd(v)
                    : kind === 'mb'
                      ? (v: number) => i.mb(v)
                      : (v: number) => i.number(v);
                return (
                  <div key={field}>
                    <h2 className="card-title">{t(label)}</h2>
                    <BarChart
                      title={t(label)}
                      points={series.map((p) => ({ label: p.date.slice(5), value: p.value }))}
                      format={format}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </Async>
      </Card>
    </>
  );
}

/** Downloads a report with the session's token in a header (never in the URL). */
export async function downloadReport(query: ReportQuery): Promise<string> {
  const blob = await unwrap(
    api.GET('/api/admin/reports/export', { params: { query }, parseAs: 'blob' }),
  );
  const name = `${query.report}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.${query.type}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const REPORTS: ReadonlyArray<ReportQuery['report']> = [
  'transactions',
  'users',
  'sessions',
  'withdraws',
  'daily',
];
const TYPES: ReadonlyArray<ReportQuery['type']> = ['csv', 'xlsx', 'pdf'];

/**
 * The export query of a form: `from` the chosen first day 00:00 UTC, `to` exclusive (the day
 * after the chosen last day), so the last day is included whole.
 */
export function reportQuery(
  type: ReportQuery['type'],
  report: ReportQuery['report'],
  from: string,
  to: string,
): ReportQuery {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return {
    type,
    report,
    from: `${from}T00:00:00Z`,
    to: end.toISOString().replace('.000Z', 'Z'),
  };
}

/**
 * Every report the export route offers (transactions, users, sessions, withdrawals, daily
 * totals) as CSV, XLSX or PDF for a period; an XLSX/PDF over the row limit is refused with
 * `export_too_large`, shown in words with its limit.
 */
export function ReportsPage() {
  const { t } = useI18n();
  const [report, setReport] = useState<ReportQuery['report']>('transactions');
  const [from, setFrom] = useState(day(-30));
  const [to, setTo] = useState(day(0));
  const download = useAction((query: ReportQuery) => downloadReport(query));
  const run = (type: ReportQuery['type'], form: HTMLFormElement | null) => {
    if (form && !form.reportValidity()) return;
    void download.call(reportQuery(type, report, from, to));
  };
  return (
    <>
      <h1>{t('admin.reports')}</h1>
      <Card title={t('admin.rep.export')} id="report-export">
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            run('csv', e.currentTarget as HTMLFormElement);
          }}
        >
          <div className="row">
            <Field label={t('admin.rep.report')}>
              <select
                data-testid="report-kind"
                value={report}
                onChange={(e) => setReport(e.target.value as ReportQuery['report'])}
              >
                {REPORTS.map((r) => (
                  <option key={r} value={r}>
                    {t(`admin.rep.kind.${r}` as MessageKey)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('admin.rep.from')}>
              <input
                type="date"
                data-testid="report-from"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
                required
              />
            </Field>
            <Field label={t('admin.rep.to')}>
              <input
                type="date"
                data-testid="report-to"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                required
              />
            </Field>
          </div>
          <p className="hint">{t('admin.rep.hint')}</p>
          <div className="row">
            {TYPES.map((type) => (
              <button
                key={type}
                type={type === 'csv' ? 'submit' : 'button'}
                className={type === 'csv' ? undefined : 'secondary'}
                data-testid={`report-${type}`}
                disabled={download.pending}
                onClick={type === 'csv' ? undefined : (e) => run(type, e.currentTarget.form)}
              >
                {t(`admin.rep.${type}` as MessageKey)}
              </button>
            ))}
          </div>
        </form>
        {download.pending && <p aria-busy="true">{t('admin.rep.preparing')}</p>}
        {download.result && !download.pending && !download.error && (
          <Notice>{t('admin.rep.downloaded', { name: download.result })}</Notice>
        )}
        <ErrorText error={download.error} />
      </Card>
    </>
  );
}

export function AdminReferralsPage() {
  const i = useI18n();
  const { t } = i;
  const [input, setInput] = useState('');
  const [id, setId] = useState<number>();
  const tree = useLoad(
    () =>
      id === undefined
        ? Promise.resolve(undefined)
        : unwrap(
            api.GET('/api/admin/referrals/{telegram_id}', {
              params: { path: { telegram_id: id } },
            }),
          ),
    [id],
  );
  const [note, setNote] = useState('');
  const [clawBack, setClawBack] = useState(false);
  const voidIt = useAction(async (target: number) => {
    const answer = await unwrap(
      api.POST('/api/admin/referrals/{telegram_id}/void', {
        params: { path: { telegram_id: target } },
        body: { note: note.trim(), claw_back: clawBack },
      }),
    );
    setNote('');
    tree.reload();
    return answer;
  });
  return (
    <>
      <h1>{t('admin.referrals')}</h1>
      <Card>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (/^\d+$/.test(input)) setId(Number(input));
          }}
        >
          <Field label={t('admin.telegramId')}>
            <input
              data-testid="ref-user"
              value={input}
              onChange={(e) => setInput(e.target.value.replace(/\D/g, ''))}
              inputMode="numeric"
              required
            />
          </Field>
          <button type="submit">{t('admin.lookup')}</button>
        </form>
      </Card>
      {id !== undefined && (
        <Async state={tree}>
          {(r) =>
            r && (
              <Card title={`${r.telegram_id} · ${r.code}`} id="ref-tree">
                <p>
                  {r.referred_by !== null
                    ? t('admin.ref.referredBy', {
                        id: r.referred_by,
                        status: r.referred_status
                          ? t(`rstatus.${r.referred_status}` as MessageKey)
                          : '—',
                      })
                    : t('admin.ref.notReferred')}
                </p>
                <div className="grid">
                  {r.counts.map((c) => (
                    <Stat
                      key={c.tier}
                      label={t('referrals.tier', { tier: c.tier })}
                      value={`${c.counted} / ${c.counted + c.not_counted}`}
                      sub={i.usd(r.earnings?.tiers.find((e) => e.tier === c.tier)?.earned_usd, 4)}
                    />
                  ))}
                </div>
                <Field label={t('admin.wd.note')}>
                  <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
                </Field>
                <label className="switch">
                  <span>{t('admin.ref.clawBack')}</span>
                  <input
                    type="checkbox"
                    checked={clawBack}
                    onChange={(e) => setClawBack(e.target.checked)}
                  />
                </label>
                {voidIt.result && <Notice>{t('admin.ref.voided')}</Notice>}
                <ErrorText error={voidIt.error} />
                <div
                  className="table-wrap"
                  tabIndex={0}
                  role="region"
                  aria-label={t('referrals.list')}
                >
                  <table data-testid="admin-ref-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('admin.telegramId')}</th>
                        <th scope="col">{t('referrals.name')}</th>
                        <th scope="col">{t('referrals.level')}</th>
                        <th scope="col">{t('referrals.status')}</th>
                        <th scope="col">{t('referrals.earned')}</th>
                        <th scope="col">
                          <span className="visually-hidden">{t('admin.ref.void')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.referrals.map((ref) => (
                        <tr key={ref.telegram_id}>
                          <td>{ref.telegram_id}</td>
                          <td>{ref.name_masked}</td>
                          <td>{ref.tier}</td>
                          <td>
                            {t(`rstatus.${ref.status}` as MessageKey)}
                            {ref.reason && ` · ${t(`rreason.${ref.reason}` as MessageKey)}`}
                          </td>
                          <td>{ref.earned_usd === null ? '—' : i.usd(ref.earned_usd, 4)}</td>
                          <td>
                            {ref.status !== 'voided' && (
                              <button
                                type="button"
                                className="danger"
                                disabled={note.trim() === '' || voidIt.pending}
                                onClick={() => void voidIt.call(ref.telegram_id)}
                              >
                                {t('admin.ref.void')}
                              </button>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {r.flags.length > 0 && (
                  <>
                    <h3>{t('admin.ref.flags')}</h3>
                    <ul className="list">
                      {r.flags.map((f, n) => (
                        <li key={n}>
                          {i.dateTime(f.at)} · {f.telegram_id} · {f.code} · {f.reason}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Card>
            )
          }
        </Async>
      )}
    </>
  );
}
