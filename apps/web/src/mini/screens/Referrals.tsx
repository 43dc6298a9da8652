// Referrals: the user's code and invite links (copy buttons), per-level rates, counts and
// earnings, daily earnings of the last 30 days, and the referrals themselves (names masked by
// the server) with the reason when one is not counted.
import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { haptic } from '../../telegram/webapp';
import { BarChart } from '../../ui/chart';
import { Async, Card, Stat } from '../../ui/components';
import { useLoad } from '../../ui/hooks';

type Referrals = paths['/api/referrals']['get']['responses'][200]['content']['application/json'];
type Earnings =
  paths['/api/referrals/earnings']['get']['responses'][200]['content']['application/json'];

/** Copies text (Clipboard API, else a hidden textarea); whether it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'absolute';
    area.style.left = '-9999px';
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

function CopyRow({ label, value, id }: { label: string; value: string; id: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <li>
      <div className="hint" id={`${id}-label`}>
        {label}
      </div>
      <div className="row">
        <span className="mono" data-testid={id}>
          {value}
        </span>
        <button
          type="button"
          className="secondary"
          aria-label={t('referrals.copyLink', { what: label })}
          onClick={() =>
            void copyText(value).then((ok) => {
              setCopied(ok);
              haptic(ok ? 'success' : 'error');
            })
          }
        >
          {copied ? t('referrals.copied') : t('referrals.copy')}
        </button>
      </div>
    </li>
  );
}

/** Daily totals over all levels (the API answers one row per day and level). */
export function dailyTotals(days: Earnings['days']): Array<{ label: string; value: number }> {
  const byDate = new Map<string, number>();
  for (const d of days) byDate.set(d.date, (byDate.get(d.date) ?? 0) + d.earned_usd);
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, value]) => ({ label: date.slice(5), value }));
}

function dateDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export function ReferralsScreen() {
  const i = useI18n();
  const { t } = i;
  const state = useLoad(
    () => unwrap(api.GET('/api/referrals', { params: { query: { limit: 100 } } })),
    [],
  );
  const earnings = useLoad(
    () =>
      unwrap(
        api.GET('/api/referrals/earnings', {
          params: { query: { from: dateDaysAgo(29), to: dateDaysAgo(0) } },
        }),
      ),
    [],
  );
  return (
    <>
      <h1>{t('referrals.title')}</h1>
      <Async state={state}>
        {(r: Referrals) => (
          <>
            <Card title={t('referrals.links')} id="ref-links">
              <ul className="list">
                <CopyRow label={t('referrals.code')} value={r.code} id="ref-code" />
                <CopyRow label={t('referrals.bot')} value={r.links.bot} id="ref-bot" />
                <CopyRow label={t('referrals.miniApp')} value={r.links.mini_app} id="ref-miniapp" />
                <CopyRow label={t('referrals.web')} value={r.links.web} id="ref-web" />
              </ul>
              {r.bonus && (
                <p className="hint">
                  {t('referrals.bonus', { usd: i.usd(r.bonus.usd), mb: i.mb(r.bonus.after_mb) })}
                </p>
              )}
            </Card>
            <Card>
              {r.earnings && (
                <p className="big" data-testid="ref-total">
                  {i.usd(r.earnings.total_usd, 4)}
                </p>
              )}
              <div className="grid" data-testid="ref-tiers">
                {r.rates.map((rate) => {
                  const count = r.counts.find((c) => c.tier === rate.tier);
                  const earned = r.earnings?.tiers.find((e) => e.tier === rate.tier);
                  return (
                    <Stat
                      key={rate.tier}
                      label={`${t('referrals.tier', { tier: rate.tier })} · ${t('referrals.rate', {
                        percent: i.number(rate.percent, rate.percent % 1 === 0 ? 0 : 1),
                      })}`}
                      value={i.usd(earned?.earned_usd ?? 0, 4)}
                      sub={`${t('referrals.counted')}: ${count?.counted ?? 0} · ${t(
                        'referrals.notCounted',
                      )}: ${count?.not_counted ?? 0}`}
                    />
                  );
                })}
              </div>
            </Card>
          </>
        )}
      </Async>
      <Card title={t('referrals.last30')} id="ref-earnings">
        <Async state={earnings}>
          {(e) => (
            <>
              <p>{t('referrals.total', { amount: i.usd(e.total_usd, 4) })}</p>
              <BarChart
                title={t('referrals.last30')}
                points={dailyTotals(e.days)}
                format={(v) => i.usd(v, 4)}
              />
            </>
          )}
        </Async>
      </Card>
      <Card title={t('referrals.list')} id="ref-list">
        <Async state={state}>
          {(r) =>
            r.referrals.length === 0 ? (
              <p className="hint">{t('app.empty')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="ref-list">
                <table data-testid="ref-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('referrals.name')}</th>
                      <th scope="col">{t('referrals.level')}</th>
                      <th scope="col">{t('referrals.status')}</th>
                      <th scope="col">{t('referrals.earned')}</th>
                      <th scope="col">{t('referrals.joined')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.referrals.map((ref, n) => (
                      <tr key={`${ref.id_masked}-${n}`}>
                        <td>
                          {ref.name_masked} <span className="hint">{ref.id_masked}</span>
                        </td>
                        <td>{ref.tier}</td>
                        <td>
                          <span className={`badge badge-${ref.status}`}>
                            {t(`rstatus.${ref.status}` as MessageKey)}
                          </span>
                          {ref.reason && (
                            <div className="hint">{t(`rreason.${ref.reason}` as MessageKey)}</div>
                          )}
                        </td>
                        <td>{ref.earned_usd === null ? '—' : i.usd(ref.earned_usd, 4)}</td>
                        <td>{i.date(ref.joined_at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </Card>
    </>
  );
}
