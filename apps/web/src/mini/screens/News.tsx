// News for the Promo screen: the official Telegram channel and chat, and the announcements
// (newest first, NEW within a day of publishing) from GET /api/news_promo.
import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { Async, Card } from '../../ui/components';
import { useLoad } from '../../ui/hooks';

/** Only http(s) and t.me links are rendered as links (an announcement is admin-written text). */
export function safeLink(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' || u.protocol === 'tg:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

export function NewsSection() {
  const i = useI18n();
  const { t } = i;
  const news = useLoad(() => unwrap(api.GET('/api/news_promo')), []);
  return (
    <Async state={news}>
      {(n) => (
        <>
          <Card title={t('news.links')} id="news-links">
            <div className="row">
              {safeLink(n.telegram_links.channel) && (
                <a
                  className="button"
                  href={n.telegram_links.channel}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t('news.channel')}
                </a>
              )}
              {safeLink(n.telegram_links.chat) && (
                <a className="button" href={n.telegram_links.chat} target="_blank" rel="noreferrer">
                  {t('news.chat')}
                </a>
              )}
            </div>
          </Card>
          <Card title={t('news.announcements')} id="news-list">
            {n.announcements.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="announcements">
                {n.announcements.map((a) => (
                  <li key={a.id}>
                    <div className="row">
                      <strong>{a.title}</strong>
                      {a.is_new && <span className="badge badge-new">{t('news.new')}</span>}
                      <span className="hint">{i.date(a.published_at ?? a.created_at)}</span>
                    </div>
                    {safeLink(a.image_url) && (
                      <img className="news-image" src={a.image_url ?? ''} alt="" loading="lazy" />
                    )}
                    <p className="pre">{a.description}</p>
                    {safeLink(a.link) && (
                      <a href={a.link ?? ''} target="_blank" rel="noreferrer">
                        {t('news.more')}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </Async>
  );
}
