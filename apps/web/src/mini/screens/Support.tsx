// Support: a request with a subject, message and one optional attachment (PNG, JPEG, WebP or
// PDF up to 5 MB, sent as base64), and the history of requests with their status and the
// replies of the support team.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { haptic } from '../../telegram/webapp';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

export type Ticket =
  paths['/api/support/history']['get']['responses'][200]['content']['application/json']['tickets'][number];
type Attachment = NonNullable<
  NonNullable<
    paths['/api/support/send']['post']['requestBody']
  >['content']['application/json']['attachment']
>;

export const MAX_ATTACHMENT = 5 * 1024 * 1024;
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'];

/** The file as the API takes it (base64 of its bytes). */
export async function toAttachment(file: File): Promise<Attachment> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return { filename: file.name, content_base64: btoa(binary) };
}

export function TicketStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const known = ['new', 'read', 'replied', 'closed'].includes(status);
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {known ? t(`sstatus.${status}` as MessageKey) : status}
    </span>
  );
}

export function TicketThread({ ticket }: { ticket: Ticket }) {
  const i = useI18n();
  const { t } = i;
  return (
    <>
      <p className="pre">{ticket.message}</p>
      {ticket.attachment && (
        <p className="hint">
          {t('support.attached', {
            name: ticket.attachment.name || ticket.attachment.type,
            kb: Math.ceil(ticket.attachment.size / 1024),
          })}
        </p>
      )}
      {ticket.replies.map((r) => (
        <div key={r.id} className="reply" data-testid="reply">
          <div className="hint">
            {t('support.reply')} · {i.dateTime(r.created_at)}
          </div>
          <p className="pre">{r.message}</p>
        </div>
      ))}
    </>
  );
}

export function SupportScreen() {
  const i = useI18n();
  const { t } = i;
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const history = useLoad(
    () => unwrap(api.GET('/api/support/history', { params: { query: { limit: 20 } } })),
    [],
  );
  const send = useAction(async () => {
    const body = {
      subject: subject.trim(),
      message: message.trim(),
      ...(file ? { attachment: await toAttachment(file) } : {}),
    };
    const answer = await unwrap(api.POST('/api/support/send', { body }));
    haptic('success');
    setSubject('');
    setMessage('');
    setFile(undefined);
    history.reload();
    return answer;
  });
  const pick = (f: File | undefined) => {
    setFileError(undefined);
    if (f && !ATTACHMENT_TYPES.includes(f.type)) {
      setFile(undefined);
      return setFileError(t('errors.unsupported_attachment'));
    }
    if (f && f.size > MAX_ATTACHMENT) {
      setFile(undefined);
      return setFileError(t('support.tooBig'));
    }
    setFile(f);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (subject.trim() && message.trim()) void send.call();
  };
  return (
    <>
      <h1>{t('support.title')}</h1>
      <Card title={t('support.new')} id="support-new">
        <form onSubmit={submit}>
          <Field label={t('support.subject')}>
            <input
              data-testid="support-subject"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              maxLength={255}
              required
            />
          </Field>
          <Field label={t('support.message')}>
            <textarea
              data-testid="support-message"
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              maxLength={5000}
              rows={4}
              required
            />
          </Field>
          <Field label={t('support.attachment')}>
            <input
              type="file"
              data-testid="support-file"
              accept=".png,.jpg,.jpeg,.webp,.pdf,image/png,image/jpeg,image/webp,application/pdf"
              onChange={(e) => pick(e.target.files?.[0])}
            />
          </Field>
          {fileError && (
            <p className="error" role="alert">
              {fileError}
            </p>
          )}
          <button type="submit" data-testid="support-send" disabled={send.pending}>
            {t('support.send')}
          </button>
          {send.result && <Notice>{t('support.sent')}</Notice>}
          <ErrorText error={send.error} />
        </form>
      </Card>
      <Card title={t('support.history')} id="support-history">
        <Async state={history}>
          {(h) =>
            h.tickets.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="tickets">
                {h.tickets.map((ticket) => (
                  <li key={ticket.id}>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === ticket.id}
                      onClick={() => setOpen(open === ticket.id ? undefined : ticket.id)}
                    >
                      {ticket.subject}
                    </button>{' '}
                    <TicketStatus status={ticket.status} />{' '}
                    <span className="hint">{i.dateTime(ticket.created_at)}</span>
                    {ticket.replies.length > 0 && (
                      <span className="hint">
                        {' '}
                        · {t('support.replies', { count: ticket.replies.length })}
                      </span>
                    )}
                    {open === ticket.id && <TicketThread ticket={ticket} />}
                  </li>
                ))}
              </ul>
            )
          }
        </Async>
      </Card>
    </>
  );
}
