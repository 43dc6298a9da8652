import { useEffect, useRef, useState } from 'react';

import { api, getAccessToken, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { connectLive, liveNumber, liveString, type LiveMessage } from '../../live/live';
import { Async, Card, Notice, Progress, Stat } from '../../ui/components';
import { useLoad } from '../../ui/hooks';

export type Dashboard =
  paths['/api/dashboard']['get']['responses'][200]['content']['application/json'];

/** The dashboard with a live message applied (balance, running session, price). */
export function applyLive(dash: Dashboard, message: LiveMessage): Dashboard {
  const d = message.data;
  switch (message.type) {
    case 'balance_update': {
      const usd = liveNumber(d, 'balance_usd');
      if (usd === undefined) return dash;
      const old = dash.balance.usd;
      const ratio = (v: number) => (old ? (v / old) * usd : v);
      return {
        ...dash,
        balance: {
          ...dash.balance,
          usd,
          converted_usdt: ratio(dash.balance.converted_usdt),
          converted_uzs: ratio(dash.balance.converted_uzs),
        },
      };
    }
    case 'traffic_update': {
      const [usedMb, speed, durationS] = ['used_mb', 'current_speed', 'duration_s'].map((f) =>
        liveNumber(d, f),
      );
      const sessionId = liveString(d, 'session_id');
      if (sessionId === undefined || usedMb === undefined) return dash;
      const current = dash.active_session?.session_id === sessionId ? dash.active_session : null;
      return {
        ...dash,
        active_session: {
          started_at: current?.started_at ?? '',
          network_type: current?.network_type ?? '',
          session_id: sessionId,
          used_mb: usedMb,
          current_speed_mb_s: speed ?? current?.current_speed_mb_s ?? 0,
          duration_s: durationS ?? current?.duration_s ?? 0,
        },
      };
    }
    case 'price_update': {
      const price = liveNumber(d, 'price_per_gb');
      if (price === undefined) return dash;
      return {
        ...dash,
        pricing: {
          date: liveString(d, 'date') ?? '',
          price_per_gb: price,
          change: liveString(d, 'change') ?? '',
          message: liveString(d, 'message') ?? '',
        },
      };
    }
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
  const state = useLoad(() => unwrap(api.GET('/api/dashboard')), []);
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
        const change = d.pricing?.change ?? '';
        const degraded = d.degraded;
        const session = d.active_session;
        return (
          <>
            <h1>{t('dash.hello', { name: d.user.first_name ?? '' })}</h1>
            {degraded.length > 0 && (
              <Notice>{t('app.degraded', { parts: degraded.join(', ') })}</Notice>
            )}
            <Card title={t('dash.balance')} id="dash-balance">
              <div className="big" data-testid="balance-usd">
                {i.usd(d.balance.usd)}
              </div>
              <div className="grid">
                <Stat label="USDT" value={i.number(d.balance.converted_usdt, 2)} />
                <Stat label="UZS" value={i.uzs(d.balance.converted_uzs)} />
              </div>
              {d.balance.held_usd > 0 && (
                <p className="hint">{t('dash.held', { amount: i.usd(d.balance.held_usd) })}</p>
              )}
            </Card>
            <Card title={t('dash.price')} id="dash-price">
              {d.pricing?.price_per_gb ? (
                <>
                  <div className="big" data-testid="price">
                    {t('dash.perGb', { price: i.usd(d.pricing.price_per_gb) })}
                  </div>
                  <p className={change.startsWith('-') ? 'down' : 'up'}>
                    {t('dash.change', { change: change || '0' })}
                  </p>
                  {d.pricing.message && <p className="hint">{d.pricing.message}</p>}
                </>
              ) : (
                <p>{t('dash.noPrice')}</p>
              )}
            </Card>
            <Card title={t('dash.traffic')} id="dash-traffic">
              <Progress value={d.traffic.progress_percent} label={t('dash.traffic')} />
              <p className="hint">
                {t('dash.trafficOf', {
                  used: i.mb(d.traffic.used_mb),
                  sent: i.mb(d.traffic.sent_mb),
                })}
              </p>
            </Card>
            <Card>
              <div className="grid">
                <Stat
                  label={t('dash.today')}
                  value={i.usd(d.mini_stats.today_usd)}
                  sub={t('dash.sessionsCount', { count: d.mini_stats.sessions_today ?? 0 })}
                />
                <Stat
                  label={t('dash.week')}
                  value={i.usd(d.mini_stats.week_usd)}
                  sub={t('dash.sessionsCount', { count: d.mini_stats.sessions_week ?? 0 })}
                />
                <Stat label={t('dash.avg7')} value={i.usd(d.mini_stats.avg7_usd)} />
              </div>
            </Card>
            <Card title={t('dash.session')} id="dash-session">
              <p className="hint" role="status">
                {connected ? `● ${t('dash.live')}` : t('dash.offline')}
              </p>
              {session ? (
                <div className="grid" data-testid="active-session">
                  <Stat label={t('dash.duration')} value={duration(session.duration_s)} />
                  <Stat label={t('dash.used')} value={i.mb(session.used_mb)} />
                  <Stat
                    label={t('dash.speed')}
                    value={`${i.number(session.current_speed_mb_s, 2)} MB/s`}
                  />
                  <Stat label={t('dash.network')} value={session.network_type || '—'} />
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
