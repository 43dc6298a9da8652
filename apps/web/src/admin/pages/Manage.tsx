// Admin pages over the routes the gateway has today: the summary dashboard, admins, API keys,
// promo codes (the START filter is in Filter.tsx).
import { useState, type FormEvent, type ReactNode } from 'react';

import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { BarChart } from '../../ui/chart';
import { Async, Card, ErrorText, Field, Notice, Stat } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';
import { AdminNewsCards } from './News';

function LedgerCheck() {
  const i = useI18n();
  const { t } = i;
  const ledger = useLoad(() => unwrap(api.GET('/api/admin/ledger/check')), []);
  return (
    <Async state={ledger}>
      {(l) => (
        <Card>
          <Stat
            label={t('admin.ledgerCheck')}
            value={
              <span className={l.balanced ? 'ok' : 'down'}>
                {l.balanced ? t('admin.balanced') : t('admin.unbalanced')}
              </span>
            }
            sub={t('admin.ledgerSub', {
              amount: i.usd(l.user_available_usd),
              count: i.number(l.transfers),
            })}
          />
        </Card>
      )}
    </Async>
  );
}

/** The price and its history for every admin; the ledger check for superadmins only (the
 *  ledger refuses it to moderators). */
export function AdminDashboardPage({
  children,
  superadmin,
}: {
  children?: ReactNode;
  superadmin: boolean;
}) {
  const i = useI18n();
  const { t } = i;

  const price = useLoad(() => unwrap(api.GET('/api/pricing/today')), []);
  const history = useLoad(
    () => unwrap(api.GET('/api/daily_price/history', { params: { query: { days: '30' } } })),
    [],
  );
  return (
    <>
      <h1>{t('admin.dashboard')}</h1>
      {children}
      <div className="grid">
        <Async state={price}>
          {(p) => (
            <Card>
              <Stat
                label={t('dash.price')}
                value={t('dash.perGb', { price: i.usd(p.price_per_gb) })}
                sub={t('dash.change', { change: p.change || '0' })}
              />
            </Card>
          )}
        </Async>
        {superadmin && <LedgerCheck />}
      </div>
      <Card title={t('admin.priceHistory')} id="dash-price-history">
        <Async state={history}>
          {(h) => (
            <BarChart
              title={t('admin.priceHistory')}
              points={h.prices.map((p) => ({ label: p.date.slice(5), value: p.price_per_gb }))}
              format={(v) => i.usd(v)}
            />
          )}
        </Async>
      </Card>
    </>
  );
}

export function AdminsPage() {
  const { t } = useI18n();
  const admins = useLoad(() => unwrap(api.GET('/api/admin/admins')), []);
  const [id, setId] = useState('');
  const [role, setRole] = useState<'moderator' | 'superadmin'>('moderator');
  const add = useAction(async (e: FormEvent) => {
    e.preventDefault();
    await unwrap(api.POST('/api/admin/admins/add', { body: { telegram_id: Number(id), role } }));
    setId('');
    admins.reload();
  });
  const remove = useAction(async (telegramId: number) => {
    await unwrap(api.DELETE('/api/admin/admins/{id}', { params: { path: { id: telegramId } } }));
    admins.reload();
  });
  return (
    <>
      <h1>{t('admin.admins')}</h1>
      <Card>
        <form className="row" onSubmit={(e) => void add.call(e)}>
          <Field label={t('admin.telegramId')}>
            <input
              inputMode="numeric"
              value={id}
              onChange={(e) => setId(e.target.value)}
              required
              pattern="\d+"
            />
          </Field>
          <Field label={t('admin.role')}>
            <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
              <option value="moderator">{t('admin.role.moderator')}</option>
              <option value="superadmin">{t('admin.role.superadmin')}</option>
            </select>
          </Field>
          <button type="submit">{t('admin.add')}</button>
        </form>
        <ErrorText error={add.error ?? remove.error} />
      </Card>
      <Card>
        <Async state={admins}>
          {(data) => (
            <ul data-testid="admins">
              {data.admins.map((a) => (
                <li key={a.telegram_id}>
                  {a.telegram_id} {a.username && `@${a.username}`} — {t(`admin.role.${a.role}`)}
                  {a.from_env ? (
                    <span className="hint"> ({t('admin.fromEnv')})</span>
                  ) : (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => void remove.call(a.telegram_id)}
                      >
                        {t('admin.remove')}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Async>
      </Card>
    </>
  );
}

export function ApiKeysPage() {
  const i = useI18n();
  const { t } = i;
  const keys = useLoad(() => unwrap(api.GET('/api/admin/apis')), []);
  const [owner, setOwner] = useState('');
  const [type, setType] = useState<'traffic' | 'rotation'>('traffic');
  const [limit, setLimit] = useState('10240');
  const [days, setDays] = useState('30');
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const answer = await unwrap(
      api.POST('/api/admin/apis/create', {
        body: {
          telegram_id: Number(owner),
          type,
          limit_mb: Number(limit),
          days: Number(days),
        },
      }),
    );
    keys.reload();
    return answer;
  });
  const toggle = useAction(async (id: string, active: boolean) => {
    await unwrap(
      api.PATCH('/api/admin/apis/{id}', {
        params: { path: { id } },
        body: { status: active ? 'inactive' : 'active' },
      }),
    );
    keys.reload();
  });
  return (
    <>
      <h1>{t('admin.apis')}</h1>
      <Card>
        <form className="row" onSubmit={(e) => void create.call(e)}>
          <Field label={t('admin.keyOwner')}>
            <input
              inputMode="numeric"
              value={owner}
              onChange={(e) => setOwner(e.target.value)}
              required
              pattern="\d+"
            />
          </Field>
          <Field label={t('admin.keyType')}>
            <select value={type} onChange={(e) => setType(e.target.value as typeof type)}>
              <option value="traffic">{t('admin.keyType.traffic')}</option>
              <option value="rotation">{t('admin.keyType.rotation')}</option>
            </select>
          </Field>
          <Field label={t('admin.keyLimit')}>
            <input
              type="number"
              min="1"
              value={limit}
              onChange={(e) => setLimit(e.target.value)}
              required
            />
          </Field>
          <Field label={t('admin.keyExpires')}>
            <input
              type="number"
              min="1"
              max="3650"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              required
            />
          </Field>
          <button type="submit">{t('admin.add')}</button>
        </form>
        {create.result !== undefined && (
          <Notice>
            <span className="mono">{t('admin.keyCreated', { key: create.result.api_key })}</span>
          </Notice>
        )}
        <ErrorText error={create.error ?? toggle.error} />
      </Card>
      <Card>
        <Async state={keys}>
          {(data) => {
            const rows = data.apis;
            if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
            return (
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.apis')}>
                <table data-testid="api-keys">
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.key')}</th>
                      <th scope="col">{t('admin.telegramId')}</th>
                      <th scope="col">{t('admin.keyType')}</th>
                      <th scope="col">{t('admin.keyUsedMb')}</th>
                      <th scope="col">{t('tx.status')}</th>
                      <th scope="col">{t('admin.promoExpires')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('admin.activate')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((k) => {
                      const active = k.status === 'active';
                      return (
                        <tr key={k.id}>
                          <td className="mono">{k.key_prefix}…</td>
                          <td>{k.telegram_id}</td>
                          <td>{k.type ? t(`admin.keyType.${k.type}`) : '—'}</td>
                          <td>
                            {i.number(k.used_mb, 1)} / {i.number(k.limit_mb)}
                          </td>
                          <td>{k.status ? t(`admin.keyStatus.${k.status}`) : '—'}</td>
                          <td>{i.date(k.expiry_date)}</td>
                          <td>
                            <button
                              type="button"
                              className="secondary"
                              disabled={k.status === 'expired'}
                              onClick={() => void toggle.call(k.id, active)}
                            >
                              {active ? t('admin.deactivate') : t('admin.activate')}
                            </button>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            );
          }}
        </Async>
      </Card>
    </>
  );
}

export function PromoAdminPage() {
  const i = useI18n();
  const { t } = i;
  const promos = useLoad(
    () => unwrap(api.GET('/api/admin/promo', { params: { query: { include_inactive: 'true' } } })),
    [],
  );
  const [code, setCode] = useState('');
  const [percent, setPercent] = useState('10');
  const [expires, setExpires] = useState('');
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    await unwrap(
      api.POST('/api/admin/promo', {
        body: {
          code,
          bonus_percent: Number(percent),
          ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
        },
      }),
    );
    setCode('');
    promos.reload();
  });
  const deactivate = useAction(async (value: string) => {
    await unwrap(
      api.PATCH('/api/admin/promo/{code}/deactivate', { params: { path: { code: value } } }),
    );
    promos.reload();
  });
  return (
    <>
      <h1>{t('admin.newsPromo')}</h1>
      <AdminNewsCards />
      <Card>
        <form className="row" onSubmit={(e) => void create.call(e)}>
          <Field label={t('admin.promoCode')}>
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              pattern="[A-Za-z0-9_\-]{3,64}"
            />
          </Field>
          <Field label={t('admin.promoPercent')}>
            <input
              type="number"
              min="0.1"
              max="100"
              step="0.1"
              value={percent}
              onChange={(e) => setPercent(e.target.value)}
              required
            />
          </Field>
          <Field label={t('admin.promoExpires')}>
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </Field>
          <button type="submit">{t('admin.add')}</button>
        </form>
        <ErrorText error={create.error ?? deactivate.error} />
      </Card>
      <Card>
        <Async state={promos}>
          {(data) => (
            <ul data-testid="promos">
              {data.promo.map((p) => (
                <li key={p.code}>
                  <strong className="mono">{p.code}</strong> {p.bonus_percent}% ·{' '}
                  {t('admin.promoActivations')}: {p.activations} ·{' '}
                  {p.expires_at ? i.date(p.expires_at) : t('admin.promoNoExpiry')}{' '}
                  {p.is_active ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => void deactivate.call(p.code)}
                    >
                      {t('admin.deactivate')}
                    </button>
                  ) : (
                    <span className="hint">—</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Async>
      </Card>
    </>
  );
}
