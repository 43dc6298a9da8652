import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { BarChart } from '../../ui/chart';
import { Async, Card, Stat } from '../../ui/components';
import { useLoad } from '../../ui/hooks';

type Period = 'daily' | 'weekly' | 'monthly';
type Point =
  paths['/api/stats/daily']['get']['responses'][200]['content']['application/json']['points'][number];

function load(period: Period) {
  switch (period) {
    case 'daily':
      return unwrap(api.GET('/api/stats/daily'));
    case 'weekly':
      return unwrap(api.GET('/api/stats/weekly'));
    case 'monthly':
      return unwrap(api.GET('/api/stats/monthly'));
  }
}

/** A point's label: the month and day of its date (the first day of its week or month). */
function label(point: Point): string {
  const key = point.date ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(key) ? key.slice(5) : key;
}

export function StatsScreen() {
  const i = useI18n();
  const { t } = i;
  const [period, setPeriod] = useState<Period>('daily');
  const state = useLoad(() => load(period), [period]);
  const summary = useLoad(() => unwrap(api.GET('/api/stats/summary')), []);
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <Async state={summary}>
        {(s) => (
          <Card>
            <div className="grid">
              <Stat label={t('dash.today')} value={i.usd(s.today.profit_usd)} />
              <Stat label={t('dash.week')} value={i.usd(s.week.profit_usd)} />
              <Stat label={t('stats.month')} value={i.usd(s.month.profit_usd)} />
              <Stat label={t('stats.allTime')} value={i.usd(s.all_time.profit_usd)} />
            </div>
          </Card>
        )}
      </Async>
      <div className="tabs" role="group" aria-label={t('stats.period')}>
        {(['daily', 'weekly', 'monthly'] as const).map((p) => (
          <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
            {t(`stats.${p}`)}
          </button>
        ))}
      </div>
      <Async state={state}>
        {(data) => {
          const points = data.points;
          const profit = points.map((p) => ({ label: label(p), value: p.profit_usd }));
          const mb = points.map((p) => ({ label: label(p), value: p.sent_mb }));
          return (
            <>
              <Card title={t('stats.profit')} id="chart-profit">
                <BarChart title={t('stats.profit')} points={profit} format={(v) => i.usd(v, 4)} />
              </Card>
              <Card title={t('stats.traffic')} id="chart-mb">
                <BarChart title={t('stats.traffic')} points={mb} format={(v) => i.mb(v)} />
              </Card>
              <Card title={t('stats.table')} id="stats-table">
                {points.length === 0 ? (
                  <p className="hint">{t('app.empty')}</p>
                ) : (
                  <div className="table-wrap" tabIndex={0}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('stats.period')}</th>
                          <th scope="col">{t('sessions.mb')}</th>
                          <th scope="col">{t('sessions.earned')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {points.map((p, n) => (
                          <tr key={n}>
                            <td>{label(p)}</td>
                            <td>{i.number(p.sent_mb, 1)}</td>
                            <td>{i.usd(p.profit_usd, 4)}</td>
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
