// Users for admins and moderators: search by username or Telegram ID, one user's balance, ban
// (with a reason) / unban, ending every session (reset token), the login sessions, and for
// superadmins a balance adjustment with a mandatory note (idempotent: a retry of the same
// adjustment is not credited twice).
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type User =
  paths['/api/admin/users']['get']['responses'][200]['content']['application/json']['users'][number];

function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

function UserStatus({ status }: { status: User['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-user-status={status}>
      {t(`admin.userStatus.${status}`)}
    </span>
  );
}

function UserDetail({
  user,
  superadmin,
  onChanged,
}: {
  user: User;
  superadmin: boolean;
  onChanged: () => void;
}) {
  const i = useI18n();
  const { t } = i;
  const id = user.telegram_id;
  const path = { telegram_id: id };
  const balance = useLoad(
    () => unwrap(api.GET('/api/user/balance/{telegram_id}', { params: { path } })),
    [id],
  );
  const sessions = useLoad(
    () => unwrap(api.GET('/api/admin/users/{telegram_id}/sessions', { params: { path } })),
    [id],
  );
  const banned = user.status === 'banned';
  const [reason, setReason] = useState('');
  const ban = useAction(async () => {
    if (banned) {
      await unwrap(api.PATCH('/api/admin/users/{telegram_id}/unban', { params: { path } }));
    } else {
      await unwrap(
        api.PATCH('/api/admin/users/{telegram_id}/ban', {
          params: { path },
          body: { reason: reason.trim() },
        }),
      );
      setReason('');
    }
    onChanged();
  });
  const reset = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/users/{telegram_id}/reset_token', { params: { path } }),
    );
    sessions.reload();
    return answer;
  });
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  // One key per adjustment: kept across retries of the same form, new once it changed or passed.
  const [key, setKey] = useState(newKey);
  const adjust = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const answer = await unwrap(
      api.PATCH('/api/admin/users/{telegram_id}/adjust_balance', {
        params: { path },
        body: { amount_usd: Number(amount), note: note.trim(), idempotency_key: key },
      }),
    );
    setAmount('');
    setNote('');
    setKey(newKey());
    balance.reload();
    return answer;
  });
  return (
    <Card
      title={`${user.first_name}${user.username ? ` @${user.username}` : ''} · ${id}`}
      id={`user-${id}`}
    >
      <dl className="facts" data-testid="user-facts">
        <dt>{t('admin.balance')}</dt>
        <dd data-testid="user-balance">
          <Async state={balance}>
            {(b) => (
              <>
                <strong>{i.usd(b.balance.usd)}</strong>{' '}
                {b.balance.held_usd > 0 && t('dash.held', { amount: i.usd(b.balance.held_usd) })}
              </>
            )}
          </Async>
        </dd>
        <dt>{t('tx.status')}</dt>
        <dd>
          <UserStatus status={user.status} />
          {user.ban_reason && ` · ${user.ban_reason}`}
        </dd>
        <dt>{t('admin.lastLogin')}</dt>
        <dd>
          {user.last_login ? i.dateTime(user.last_login) : '—'}
          {user.last_login_device && ` · ${user.last_login_device}`}
        </dd>
      </dl>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void ban.call();
        }}
      >
        {!banned && (
          <Field label={t('admin.banReason')}>
            <input
              data-testid="ban-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              required
            />
          </Field>
        )}
        <button
          type="submit"
          data-testid="ban"
          className={banned ? '' : 'danger'}
          disabled={ban.pending}
        >
          {banned ? t('admin.unban') : t('admin.ban')}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="reset-token"
          disabled={reset.pending}
          onClick={() => void reset.call()}
        >
          {t('admin.resetToken')}
        </button>
      </form>
      {reset.result !== undefined && (
        <Notice>{t('admin.revoked', { count: reset.result.revoked })}</Notice>
      )}
      <ErrorText error={ban.error ?? reset.error} />
      {superadmin && (
        <form onSubmit={(e) => void adjust.call(e)} className="row" data-testid="adjust-form">
          <Field label={t('admin.amountUsd')}>
            <input
              type="number"
              step="0.01"
              data-testid="adjust-amount"
              value={amount}
              onChange={(e) => {
                setAmount(e.target.value);
                setKey(newKey());
              }}
              required
            />
          </Field>
          <Field label={t('admin.note')}>
            <input
              data-testid="adjust-note"
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
                setKey(newKey());
              }}
              minLength={3}
              maxLength={500}
              required
            />
          </Field>
          <button type="submit" disabled={adjust.pending}>
            {t('admin.adjust')}
          </button>
        </form>
      )}
      {adjust.result && !adjust.error && (
        <Notice>
          {adjust.result.transaction
            ? t('admin.adjusted', { amount: i.usd(adjust.result.transaction.amount_usd) })
            : t('admin.done')}
        </Notice>
      )}
      <ErrorText error={adjust.error} />
      <h3>{t('admin.sessions')}</h3>
      <Async state={sessions}>
        {(s) =>
          s.sessions.length === 0 ? (
            <p className="hint">{t('app.empty')}</p>
          ) : (
            <ul className="list" data-testid="user-sessions">
              {s.sessions.slice(0, 20).map((r) => (
                <li key={r.session_id}>
                  {i.dateTime(r.time)} · {r.device || '—'} · <span className="mono">{r.ip}</span>
                  {(r.city || r.country) && ` · ${[r.city, r.country].filter(Boolean).join(', ')}`}
                  {r.active && <span className="badge badge-active"> {t('status.active')}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </Card>
  );
}

export function UsersPage({ superadmin }: { superadmin: boolean }) {
  const i = useI18n();
  const { t } = i;
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number>();
  const users = useLoad(
    () =>
      unwrap(
        api.GET('/api/admin/users', {
          params: { query: { query: query || undefined, limit: 50 } },
        }),
      ),
    [query],
  );
  return (
    <>
      <h1>{t('admin.users')}</h1>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft.trim());
        }}
      >
        <Field label={t('admin.search')}>
          <input
            data-testid="user-search"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </Field>
        <button type="submit">{t('admin.find')}</button>
      </form>
      <Async state={users}>
        {(data) => {
          const current = data.users.find((u) => u.telegram_id === selected);
          return (
            <>
              {current && (
                <UserDetail
                  key={current.telegram_id}
                  user={current}
                  superadmin={superadmin}
                  onChanged={users.reload}
                />
              )}
              <Card>
                {data.users.length === 0 ? (
                  <p className="hint">{t('app.empty')}</p>
                ) : (
                  <div
                    className="table-wrap"
                    tabIndex={0}
                    role="region"
                    aria-label={t('admin.users')}
                  >
                    <table data-testid="users-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('admin.telegramId')}</th>
                          <th scope="col">{t('referrals.name')}</th>
                          <th scope="col">{t('admin.role')}</th>
                          <th scope="col">{t('tx.status')}</th>
                          <th scope="col">{t('admin.lastLogin')}</th>
                          <th scope="col">
                            <span className="visually-hidden">{t('admin.lookup')}</span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.users.map((u) => (
                          <tr key={u.telegram_id}>
                            <td>{u.telegram_id}</td>
                            <td>
                              {u.first_name}
                              {u.username && <span className="hint"> @{u.username}</span>}
                            </td>
                            <td>{u.role === 'user' ? '—' : t(`admin.role.${u.role}`)}</td>
                            <td>
                              <UserStatus status={u.status} />
                            </td>
                            <td>{u.last_login ? i.dateTime(u.last_login) : '—'}</td>
                            <td>
                              <button
                                type="button"
                                className="secondary"
                                data-user={u.telegram_id}
                                onClick={() => setSelected(u.telegram_id)}
                              >
                                {t('admin.lookup')}
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Card>
            </>
          );
        }}
      </Async>
    </>
  );
}
