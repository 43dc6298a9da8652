// In-app notifications: the list with the unread count (GET /api/user/notifications), marking
// one or all as read (POST /api/notifications/ack), and new ones arriving live over the
// WebSocket (`notification` messages) while the screen is open.
import { useEffect, useRef, useState } from 'react';

import { api, getAccessToken, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { connectLive, liveString, type LiveMessage } from '../../live/live';
import { Async, Card, ErrorText } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

export type NotificationList =
  paths['/api/user/notifications']['get']['responses'][200]['content']['application/json'];
type Item = NotificationList['notifications'][number];

/** The list with a live `notification` message added on top (once per id). */
export function addLiveNotification(
  list: NotificationList,
  message: LiveMessage,
): NotificationList {
  if (message.type !== 'notification') return list;
  const id = liveString(message.data, 'id');
  if (!id || list.notifications.some((n) => n.id === id)) return list;
  const item: Item = {
    id,
    type: liveString(message.data, 'kind') ?? '',
    title: liveString(message.data, 'title') ?? '',
    body: liveString(message.data, 'body') ?? '',
    created_at: liveString(message.data, 'sent_at') ?? message.at ?? new Date().toISOString(),
    delivered_at: null,
    opened_at: null,
    read_at: null,
  };
  return {
    ...list,
    notifications: [item, ...list.notifications],
    total: list.total + 1,
    unread: list.unread + 1,
  };
}

export function NotificationsScreen({ onUnread }: { onUnread?: (count: number) => void }) {
  const i = useI18n();
  const { t } = i;
  const state = useLoad(
    () => unwrap(api.GET('/api/user/notifications', { params: { query: { limit: 50 } } })),
    [],
  );
  const dataRef = useRef(state.data);
  dataRef.current = state.data;
  const setRef = useRef(state.set);
  setRef.current = state.set;
  const [live, setLive] = useState(false);
  useEffect(
    () =>
      connectLive({
        token: getAccessToken,
        onState: setLive,
        onMessage: (message) => {
          if (dataRef.current) setRef.current(addLiveNotification(dataRef.current, message));
        },
      }),
    [],
  );
  useEffect(() => {
    if (state.data) onUnread?.(state.data.unread);
  }, [state.data, onUnread]);

  const ack = useAction(async (ids: string[] | 'all') => {
    const answer = await unwrap(
      api.POST('/api/notifications/ack', {
        body: ids === 'all' ? { status: 'read', all: true } : { status: 'read', ids },
      }),
    );
    const current = dataRef.current;
    if (current) {
      const now = new Date().toISOString();
      state.set({
        ...current,
        unread: answer.unread,
        notifications: current.notifications.map((n) =>
          ids === 'all' || ids.includes(n.id) ? { ...n, read_at: n.read_at ?? now } : n,
        ),
      });
    }
    return answer;
  });

  return (
    <>
      <h1>{t('notifications.title')}</h1>
      <p className="hint" data-testid="notifications-live" data-connected={live}>
        {live ? `● ${t('dash.live')}` : t('dash.offline')}
      </p>
      <Async state={state}>
        {(data) => (
          <Card>
            <div className="row">
              <p role="status" data-testid="unread">
                {t('notifications.unread', { count: data.unread })}
              </p>
              {data.unread > 0 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => void ack.call('all')}
                  disabled={ack.pending}
                >
                  {t('notifications.markAll')}
                </button>
              )}
            </div>
            <ErrorText error={ack.error} />
            {data.notifications.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <ul className="list" data-testid="notifications">
                {data.notifications.map((n) => (
                  <li key={n.id} className={n.read_at ? undefined : 'unread'}>
                    <div className="row">
                      <strong>{n.title}</strong>
                      {!n.read_at && (
                        <span className="badge badge-new">{t('notifications.new')}</span>
                      )}
                      <span className="hint">{i.dateTime(n.created_at)}</span>
                    </div>
                    <p>{n.body}</p>
                    {!n.read_at && (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => void ack.call([n.id])}
                        disabled={ack.pending}
                      >
                        {t('notifications.markRead')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
      </Async>
    </>
  );
}
