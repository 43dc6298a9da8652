// Announcements for superadmins: write one (optionally scheduled, optionally pushed to every
// user), the list with scheduled ones, and deleting.
import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

export function AdminNewsCards() {
  const i = useI18n();
  const { t } = i;
  const list = useLoad(
    () => unwrap(api.GET('/api/admin/news', { params: { query: { limit: 50 } } })),
    [],
  );
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [image, setImage] = useState('');
  const [link, setLink] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [push, setPush] = useState(false);
  const create = useAction(async () => {
    const answer = await unwrap(
      api.POST('/api/admin/news', {
        body: {
          title: title.trim(),
          description: description.trim(),
          image_url: image.trim(),
          link: link.trim(),
          push,
          ...(publishAt ? { publish_at: new Date(publishAt).toISOString() } : {}),
        },
      }),
    );
    setTitle('');
    setDescription('');
    setImage('');
    setLink('');
    setPublishAt('');
    list.reload();
    return answer;
  });
  const remove = useAction(async (id: string) => {
    const answer = await unwrap(api.DELETE('/api/admin/news/{id}', { params: { path: { id } } }));
    list.reload();
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.call();
  };
  return (
    <>
      <Card title={t('news.title')} id="admin-news">
        <form onSubmit={submit}>
          <Field label={t('admin.news.title')}>
            <input
              data-testid="news-title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              maxLength={255}
              required
            />
          </Field>
          <Field label={t('admin.news.description')}>
            <textarea
              data-testid="news-description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              maxLength={5000}
              rows={3}
              required
            />
          </Field>
          <div className="row">
            <Field label={t('admin.news.image')}>
              <input
                type="url"
                value={image}
                onChange={(e) => setImage(e.target.value)}
                maxLength={500}
              />
            </Field>
            <Field label={t('admin.news.link')}>
              <input
                type="url"
                value={link}
                onChange={(e) => setLink(e.target.value)}
                maxLength={500}
              />
            </Field>
            <Field label={t('admin.news.publishAt')}>
              <input
                type="datetime-local"
                value={publishAt}
                onChange={(e) => setPublishAt(e.target.value)}
              />
            </Field>
          </div>
          <label className="switch">
            <span>{t('admin.news.push')}</span>
            <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} />
          </label>
          <button type="submit" data-testid="news-create" disabled={create.pending}>
            {t('admin.news.create')}
          </button>
          {create.result && <Notice>{t('admin.news.created')}</Notice>}
          <ErrorText error={create.error ?? remove.error} />
        </form>
      </Card>
      <Card title={t('admin.news.list')} id="admin-news-list">
        <Async state={list}>
          {(l) =>
            l.announcements.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="admin-announcements">
                {l.announcements.map((a) => (
                  <li key={a.id}>
                    <div className="row">
                      <strong>{a.title}</strong>
                      <span className="hint">
                        {a.published_at
                          ? t('admin.news.published', { date: i.dateTime(a.published_at) })
                          : t('admin.news.scheduled', {
                              date: i.dateTime(a.publish_at ?? undefined),
                            })}
                      </span>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => void remove.call(a.id)}
                        disabled={remove.pending}
                      >
                        {t('admin.news.delete')}
                      </button>
                    </div>
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
