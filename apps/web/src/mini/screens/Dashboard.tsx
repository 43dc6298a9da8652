import { useEffect, useRef, useState } from 'react';

import { api, getAccessToken, unwrap } from '../../api/client';
import { list, num, str, type Json } from '../../api/read';
import { useI18n } from '../../i18n/i18n';
import { connectLive, type LiveMessage } from '../../live/live';
import { Async, Card, Notice, Progress, Stat } from '../../ui/components';
import { useLoad } from '../../ui/hooks';

type Dashboard = Record<string, Json>;

/** The dashboard with a live message applied (balance, running session, price). */
export function applyLive(dash: Dashboard, message: LiveMessage): Dashboard {
  const d = message.data;
  switch (message.type) {
    case 'balance_update': {
      const usd = num(d, 'balance_usd');
      if (usd === undefined) return dash;
      const old = num(dash, 'balance', 'usd');
      const ratio = (field: string) => {
        const v = num(dash, 'balance', field);
        return v !== undefined && old ? (v / old) * usd : v;
      };
      return {
        ...dash,
        balance: {
          ...(dash.balance as object),
          usd,
          converted_usdt: ratio('converted_usdt'),
          converted_uzs: ratio('converted_uzs'),
        },
      };
    }
    case 'traffic_update':
      return {
        ...dash,
        active_session: {
          ...(dash.active_session as object),
          session_id: str(d, 'session_id'),
          used_mb: num(d, 'used_mb'),
          current_speed_mb_s: num(d, 'current_speed'),
          duration_s: num(d, 'duration_s'),
        },
      };
    case 'price_update':
      return {
        ...dash,
        pricing: {
          date: str(d, 'date'),
          price_per_gb: num(d, 'price_per_gb'),
          change: str(d, 'change'),
          message: str(d, 'message'),
        },
      };
    default:
      return dash;
  }
}

function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export function DashboardScreen() {
  const i = useI18n();
  const { t } = i;
  const state = useLoad(async () => (await unwrap(api.GET('/api/dashboard'))) as Dashboard, []);
  const [connected, setConnected] = useState(false);
  const setRef = useRef(state.set);
  const dataRef = useRef(state.data);
  setRef.current = state.set;
  dataRef.current = state.data;
  const reload = state.reload;
  useEffect(
    () =>
      connectLive({
        token: getAccessToken,
        onState: setConnected,
        onMessage: (message) => {
          if (message.type === 'session_status') return reload();
          if (dataRef.current) setRef.current(applyLive(dataRef.current, message));
        },
      }),
    [reload],
  );
  return (
    <Async state={state}>
      {(d) => {
        const change = str(d, 'pricing', 'change') ?? '';
        const degraded = list(d, 'degraded').map(String);
        const session = d.active_session;
        return (
          <>
            <h1>{t('dash.hello', { name: str(d, 'user', 'first_name') ?? '' })}</h1>
            {degraded.length > 0 && (
              <Notice>{t('app.degraded', { parts: degraded.join(', ') })}</Notice>
            )}
            <Card title={t('dash.balance')} id="dash-balance">
              <div className="big" data-testid="balance-usd">
                {i.usd(num(d, 'balance', 'usd'))}
              </div>
              <div className="grid">
                <Stat label="USDT" value={i.number(num(d, 'balance', 'converted_usdt'), 2)} />
                <Stat label="UZS" value={i.uzs(num(d, 'balance', 'converted_uzs'))} />
              </div>
              {(num(d, 'balance', 'held_usd') ?? 0) > 0 && (
                <p className="hint">
                  {t('dash.held', { amount: i.usd(num(d, 'balance', 'held_usd')) })}
                </p>
              )}
            </Card>
            <Card title={t('dash.price')} id="dash-price">
              {num(d, 'pricing', 'price_per_gb') ? (
                <>
                  <div className="big" data-testid="price">
                    {t('dash.perGb', { price: i.usd(num(d, 'pricing', 'price_per_gb')) })}
                  </div>
                  <p className={change.startsWith('-') ? 'down' : 'up'}>
                    {t('dash.change', { change: change || '0' })}
                  </p>
                  {str(d, 'pricing', 'message') && (
                    <p className="hint">{str(d, 'pricing', 'message')}</p>
                  )}
                </>
              ) : (
                <p>{t('dash.noPrice')}</p>
              )}
            </Card>
            <Card title={t('dash.traffic')} id="dash-traffic">
              <Progress
                value={num(d, 'traffic', 'progress_percent') ?? 0}
                label={t('dash.traffic')}
              />
              <p className="hint">
                {t('dash.trafficOf', {
                  used: i.mb(num(d, 'traffic', 'used_mb')),
                  sent: i.mb(num(d, 'traffic', 'sent_mb')),
                })}
              </p>
            </Card>
            <Card>
              <div className="grid">
                <Stat
                  label={t('dash.today')}
                  value={i.usd(num(d, 'mini_stats', 'today_usd'))}
                  sub={t('dash.sessionsCount', {
                    count: num(d, 'mini_stats', 'sessions_today') ?? 0,
                  })}
                />
                <Stat
                  label={t('dash.week')}
                  value={i.usd(num(d, 'mini_stats', 'week_usd'))}
                  sub={t('dash.sessionsCount', {
                    count: num(d, 'mini_stats', 'sessions_week') ?? 0,
                  })}
                />
                <Stat label={t('dash.avg7')} value={i.usd(num(d, 'mini_stats', 'avg7_usd'))} />
              </div>
            </Card>
            <Card title={t('dash.session')} id="dash-session">
              <p className="hint" role="status">
                {connected ? `● ${t('dash.live')}` : t('dash.offline')}
              </p>
              {session && typeof session === 'object' ? (
                <div className="grid" data-testid="active-session">
                  <Stat label={t('dash.duration')} value={duration(num(session, 'duration_s'))} />
                  <Stat label={t('dash.used')} value={i.mb(num(session, 'used_mb'))} />
                  <Stat
                    label={t('dash.speed')}
                    value={`${i.number(num(session, 'current_speed_mb_s'), 2)} MB/s`}
                  />
                  <Stat label={t('dash.network')} value={str(session, 'network_type') ?? '—'} />
                </div>
              ) : (
                <p>{t('dash.noSession')}</p>
              )}
            </Card>
          </>
        );
      }}
    </Async>
  );
}
