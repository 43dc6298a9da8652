import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, StatusBadge } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Filter = NonNullable<paths['/api/sessions']['get']['parameters']['query']>;
type Status = NonNullable<Filter['status']>;
const STATUSES: readonly Status[] = ['active', 'completed', 'failed'];

/** Downloads the CSV of the caller's sessions (the token goes in a header, not the URL). */
async function downloadCsv(filter: Filter): Promise<void> {
  const blob = await unwrap(
    api.GET('/api/sessions/export', {
      params: { query: { from: filter.from, to: filter.to, status: filter.status } },
      parseAs: 'blob',
    }),
  );
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'sessions.csv';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Quality({ id }: { id: string }) {
  const { t } = useI18n();
  const review = useAction(() =>
    unwrap(api.POST('/api/sessions/review/{id}', { params: { path: { id } } })),
  );
  if (review.result !== undefined) {
    return <span>{`${review.result.quality_score}/100`}</span>;
  }
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => void review.call()}
        disabled={review.pending}
      >
        {t('sessions.score')}
      </button>
      <ErrorText error={review.error} />
    </>
  );
}

export function SessionsScreen() {
  const i = useI18n();
  const { t } = i;
  const [draft, setDraft] = useState<Filter>({});
  const [filter, setFilter] = useState<Filter>({ limit: 50 });
  const sessions = useLoad(
    () => unwrap(api.GET('/api/sessions', { params: { query: filter } })),
    [filter],
  );
  const csv = useAction(() => downloadCsv(filter));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ ...draft, limit: 50 });
  };
  return (
    <>
      <h1>{t('sessions.title')}</h1>
      <Card>
        <form onSubmit={apply} className="row">
          <Field label={t('sessions.from')}>
            <input
              type="date"
              value={draft.from ?? ''}
              onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })}
            />
          </Field>
          <Field label={t('sessions.to')}>
            <input
              type="date"
              value={draft.to ?? ''}
              onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })}
            />
          </Field>
          <Field label={t('sessions.status')}>
            <select
              value={draft.status ?? ''}
              onChange={(e) =>
                setDraft({ ...draft, status: (e.target.value || undefined) as Status | undefined })
              }
            >
              <option value="">{t('sessions.any')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit">{t('sessions.apply')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => void csv.call()}
            disabled={csv.pending}
          >
            {t('sessions.csv')}
          </button>
        </form>
        <ErrorText error={csv.error} />
      </Card>
      <Card>
        <Async state={sessions}>
          {(data) => {
            const rows = data.sessions;
            if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
            return (
              <>
                <p className="hint">{t('sessions.total', { count: data.total })}</p>
                <div className="table-wrap" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('sessions.start')}</th>
                        <th scope="col">{t('sessions.duration')}</th>
                        <th scope="col">{t('sessions.mb')}</th>
                        <th scope="col">{t('sessions.earned')}</th>
                        <th scope="col">{t('sessions.status')}</th>
                        <th scope="col">{t('sessions.quality')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr key={row.id}>
                          <td>{i.dateTime(row.start_time)}</td>
                          <td>{row.duration || '—'}</td>
                          <td>{i.number(row.sent_mb, 1)}</td>
                          <td>{i.usd(row.earned_usd, 4)}</td>
                          <td>
                            <StatusBadge status={row.status} />
                          </td>
                          <td>
                            <Quality id={row.id} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            );
          }}
        </Async>
      </Card>
    </>
  );
}
