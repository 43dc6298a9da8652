// Withdrawals for admins and moderators: the queue by status (manual reviews first), one
// withdrawal's details with its risk factors, provider/webhook/admin audit trail and the user's
// other withdrawals, and the actions its state allows — each with a mandatory note.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { WithdrawStatus } from '../../mini/screens/Withdraw';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Query = NonNullable<paths['/api/admin/withdraws']['get']['parameters']['query']>;
type Status = NonNullable<Query['status']>;
type Action = paths['/api/admin/withdraws/{id}/{action}']['post']['parameters']['path']['action'];
type AdminWithdrawal =
  paths['/api/admin/withdraws/{id}']['get']['responses'][200]['content']['application/json']['withdraw'];

const STATUSES: readonly Status[] = [
  'pending_manual_review',
  'pending',
  'processing',
  'failed',
  'completed',
  'canceled',
];

/** The actions a withdrawal in `status` allows (the service refuses the others). */
export function allowedActions(status: string): Action[] {
  switch (status) {
    case 'pending_manual_review':
      return ['approve', 'reject', 'mark_paid', 'blacklist'];
    case 'failed':
      return ['retry', 'blacklist'];
    default:
      return ['blacklist'];
  }
}

const TX_HASH = /^0x[0-9a-fA-F]{64}$/;

function Actions({ w, onDone }: { w: AdminWithdrawal; onDone: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [txHash, setTxHash] = useState('');
  const act = useAction(async (action: Action) => {
    const answer = await unwrap(
      api.POST('/api/admin/withdraws/{id}/{action}', {
        params: { path: { id: w.id, action } },
        body:
          action === 'mark_paid' ? { note: note.trim(), tx_hash: txHash } : { note: note.trim() },
      }),
    );
    setNote('');
    setTxHash('');
    onDone();
    return answer;
  });
  const actions = allowedActions(w.status);
  return (
    <form onSubmit={(e: FormEvent) => e.preventDefault()} data-testid="withdraw-actions">
      <Field label={t('admin.wd.note')}>
        <textarea
          data-testid="action-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={500}
          required
          rows={2}
        />
      </Field>
      {actions.includes('mark_paid') && (
        <Field label={t('admin.wd.txHash')}>
          <input
            className="mono"
            value={txHash}
            onChange={(e) => setTxHash(e.target.value.trim())}
            placeholder="0x…"
          />
        </Field>
      )}
      <div className="row">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            data-action={action}
            className={action === 'reject' || action === 'blacklist' ? 'danger' : undefined}
            disabled={
              act.pending || note.trim() === '' || (action === 'mark_paid' && !TX_HASH.test(txHash))
            }
            onClick={() => void act.call(action)}
          >
            {t(`admin.wd.${action}` as MessageKey)}
          </button>
        ))}
      </div>
      {act.result && (
        <Notice>
          {t('admin.wd.done', { status: t(`wstatus.${act.result.withdraw.status}` as MessageKey) })}
        </Notice>
      )}
      <ErrorText error={act.error} />
    </form>
  );
}

function Details({ id, onChanged }: { id: string; onChanged: () => void }) {
  const i = useI18n();
  const { t } = i;
  const state = useLoad(
    () => unwrap(api.GET('/api/admin/withdraws/{id}', { params: { path: { id } } })),
    [id],
  );
  return (
    <Card title={t('admin.wd.details', { id: id.slice(0, 8) })} id="withdraw-details">
      <Async state={state}>
        {({ withdraw: w, audit, history }) => (
          <>
            <dl className="facts" data-testid="withdraw-facts">
              <dt>{t('admin.wd.status')}</dt>
              <dd>
                <WithdrawStatus status={w.status} />
              </dd>
              <dt>{t('admin.wd.user')}</dt>
              <dd>{w.telegram_id}</dd>
              <dt>{t('admin.wd.amount')}</dt>
              <dd>
                {i.usd(w.amount_usd, 6)} − {i.usd(w.fee_usd, 6)} → {i.number(w.net_usdt, 6)} USDT
              </dd>
              <dt>{t('admin.wd.address')}</dt>
              <dd className="mono">{w.wallet_address}</dd>
              <dt>{t('admin.wd.provider')}</dt>
              <dd>
                {w.provider}
                {w.payout_id ? ` · ${w.payout_id}` : ''}
              </dd>
              <dt>{t('admin.wd.attempts')}</dt>
              <dd>{w.attempts}</dd>
              <dt>{t('admin.wd.risk')}</dt>
              <dd data-testid="risk">
                {w.risk_score} ·{' '}
                {w.risk_factors.length > 0 ? w.risk_factors.join(', ') : t('admin.wd.none')}
              </dd>
              {w.tx_hash && (
                <>
                  <dt>{t('withdraw.tx')}</dt>
                  <dd className="mono">
                    {w.tx_url ? (
                      <a href={w.tx_url} target="_blank" rel="noreferrer">
                        {w.tx_hash}
                      </a>
                    ) : (
                      w.tx_hash
                    )}
                  </dd>
                </>
              )}
              {w.note && (
                <>
                  <dt>{t('admin.note')}</dt>
                  <dd>{w.note}</dd>
                </>
              )}
            </dl>
            {w.failure_reason && (
              <p className="error">{t('withdraw.reason', { reason: w.failure_reason })}</p>
            )}
            <Actions
              w={w}
              onDone={() => {
                state.reload();
                onChanged();
              }}
            />
            <h3>{t('admin.wd.audit')}</h3>
            {audit.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="audit">
                {audit.map((a, n) => (
                  <li key={n}>
                    <span className="hint">{i.dateTime(a.created_at)}</span> {a.kind} {a.endpoint}{' '}
                    {a.status_code ? `(${a.status_code})` : ''}
                    {a.actor !== null && ` · ${a.actor}`}
                    {a.note && ` · ${a.note}`}
                  </li>
                ))}
              </ul>
            )}
            <h3>{t('admin.wd.history')}</h3>
            {history.length === 0 && <p className="hint">{t('app.empty')}</p>}
            <ul className="list">
              {history.map((h) => (
                <li key={h.id}>
                  {i.dateTime(h.created_at)} · {i.usd(h.amount_usd)} ·{' '}
                  <WithdrawStatus status={h.status} />
                </li>
              ))}
            </ul>
          </>
        )}
      </Async>
    </Card>
  );
}

export function AdminWithdrawsPage() {
  const i = useI18n();
  const { t } = i;
  const [status, setStatus] = useState<Status | ''>('pending_manual_review');
  const [user, setUser] = useState('');
  const [open, setOpen] = useState<string>();
  const query: Query = { limit: 50 };
  if (status) query.status = status;
  if (/^\d+$/.test(user)) query.telegram_id = Number(user);
  const list = useLoad(
    () => unwrap(api.GET('/api/admin/withdraws', { params: { query } })),
    [status, query.telegram_id],
  );
  return (
    <>
      <h1>{t('admin.withdraws')}</h1>
      <Card>
        <div className="row">
          <Field label={t('admin.wd.status')}>
            <select
              data-testid="wd-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as Status | '')}
            >
              <option value="">{t('admin.wd.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`wstatus.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('admin.telegramId')}>
            <input
              value={user}
              onChange={(e) => setUser(e.target.value.replace(/\D/g, ''))}
              inputMode="numeric"
            />
          </Field>
        </div>
        <Async state={list}>
          {(data) =>
            data.withdraws.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <div
                className="table-wrap"
                tabIndex={0}
                role="region"
                aria-label={t('admin.withdraws')}
              >
                <table data-testid="wd-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('tx.date')}</th>
                      <th scope="col">{t('admin.wd.user')}</th>
                      <th scope="col">{t('admin.wd.amount')}</th>
                      <th scope="col">{t('admin.wd.status')}</th>
                      <th scope="col">{t('admin.wd.risk')}</th>
                      <th scope="col">{t('admin.wd.riskFactors')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('admin.wd.open')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.withdraws.map((w) => (
                      <tr key={w.id}>
                        <td>{i.dateTime(w.created_at)}</td>
                        <td>{w.telegram_id}</td>
                        <td>{i.usd(w.amount_usd)}</td>
                        <td>
                          <WithdrawStatus status={w.status} />
                        </td>
                        <td>{w.risk_score}</td>
                        <td>{w.risk_factors.join(', ') || '—'}</td>
                        <td>
                          <button
                            type="button"
                            className="secondary"
                            data-open={w.id}
                            onClick={() => setOpen(w.id)}
                          >
                            {t('admin.wd.open')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </Card>
      {open && <Details key={open} id={open} onChanged={list.reload} />}
    </>
  );
}
