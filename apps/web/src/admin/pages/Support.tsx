// Support requests for superadmins: the list by status, one request with its attachment info
// and replies (opening a new one marks it read), a reply box and closing.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { TicketStatus, TicketThread } from '../../mini/screens/Support';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Status = NonNullable<
  NonNullable<paths['/api/admin/support']['get']['parameters']['query']>['status']
>;
const STATUSES: readonly Status[] = ['any', 'new', 'read', 'replied', 'closed'];

function Ticket({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { t } = useI18n();
  const state = useLoad(
    () => unwrap(api.GET('/api/admin/support/{id}', { params: { path: { id } } })),
    [id],
  );
  const [message, setMessage] = useState('');
  const reply = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/support/reply/{id}', {
        params: { path: { id } },
        body: { message: message.trim() },
      }),
    );
    setMessage('');
    state.set(answer);
    onChanged();
    return answer;
  });
  const close = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/support/close/{id}', { params: { path: { id } } }),
    );
    state.set(answer);
    onChanged();
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (message.trim()) void reply.call();
  };
  return (
    <Async state={state}>
      {({ ticket }) => (
        <Card title={ticket.subject} id="support-ticket">
          <p className="hint">
            {t('admin.sup.from', { id: ticket.telegram_id })}{' '}
            <TicketStatus status={ticket.status} />
          </p>
          <TicketThread ticket={ticket} />
          {ticket.status !== 'closed' && (
            <form onSubmit={submit}>
              <Field label={t('admin.sup.reply')}>
                <textarea
                  data-testid="support-reply"
                  value={message}
                  onChange={(e) => setMessage(e.target.value)}
                  maxLength={4000}
                  rows={3}
                  required
                />
              </Field>
              <div className="row">
                <button type="submit" data-testid="support-reply-send" disabled={reply.pending}>
                  {t('support.send')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void close.call()}
                  disabled={close.pending}
                >
                  {t('admin.sup.close')}
                </button>
              </div>
            </form>
          )}
          {reply.result && <Notice>{t('admin.sup.replied')}</Notice>}
          <ErrorText error={reply.error ?? close.error} />
        </Card>
      )}
    </Async>
  );
}

export function AdminSupportPage() {
  const i = useI18n();
  const { t } = i;
  const [status, setStatus] = useState<Status>('any');
  const [open, setOpen] = useState<string>();
  const list = useLoad(
    () => unwrap(api.GET('/api/admin/support', { params: { query: { status, limit: 50 } } })),
    [status],
  );
  return (
    <>
      <h1>{t('admin.support')}</h1>
      <Card>
        <Field label={t('admin.wd.status')}>
          <select
            data-testid="support-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as Status)}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'any' ? t('admin.wd.all') : t(`sstatus.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Async state={list}>
          {(l) =>
            l.tickets.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="admin-tickets">
                {l.tickets.map((ticket) => (
                  <li key={ticket.id}>
                    <button
                      type="button"
                      className="link"
                      data-ticket={ticket.id}
                      aria-expanded={open === ticket.id}
                      onClick={() => setOpen(ticket.id)}
                    >
                      {ticket.subject}
                    </button>{' '}
                    <TicketStatus status={ticket.status} />{' '}
                    <span className="hint">
                      {ticket.telegram_id} · {i.dateTime(ticket.created_at)}
                    </span>
                  </li>
                ))}
              </ul>
            )
          }
        </Async>
      </Card>
      {open && <Ticket key={open} id={open} onChanged={list.reload} />}
    </>
  );
}
