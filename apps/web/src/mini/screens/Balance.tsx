import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import { list, num, str, type Json } from '../../api/read';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Notice, Stat, StatusBadge } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

const PAGE = 20;

export function TransactionTable({ rows }: { rows: readonly Json[] }) {
  const i = useI18n();
  const { t } = i;
  if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
  const typeName = (type: string | undefined) => {
    const key = `tx.${type}` as MessageKey;
    return ['income', 'withdraw', 'refund', 'bonus', 'adjustment'].includes(type ?? '')
      ? t(key)
      : (type ?? '—');
  };
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('tx.date')}</th>
            <th scope="col">{t('tx.type')}</th>
            <th scope="col">{t('tx.amount')}</th>
            <th scope="col">{t('tx.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, n) => (
            <tr key={str(row, 'id') ?? n}>
              <td>{i.dateTime(str(row, 'created_at'))}</td>
              <td>{typeName(str(row, 'type'))}</td>
              <td>{i.usd(num(row, 'amount_usd'), 4)}</td>
              <td>
                {str(row, 'status') ? <StatusBadge status={str(row, 'status') ?? ''} /> : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BalanceScreen() {
  const i = useI18n();
  const { t } = i;
  const balance = useLoad(() => unwrap(api.GET('/api/user/balance')), []);
  const [limit, setLimit] = useState(PAGE);
  const txs = useLoad(
    () => unwrap(api.GET('/api/transactions', { params: { query: { limit, offset: 0 } } })),
    [limit],
  );
  const refresh = useAction(async () => {
    const answer = await unwrap(api.POST('/api/user/refresh_balance', { body: {} }));
    balance.reload();
    txs.reload();
    return answer;
  });
  return (
    <>
      <h1>{t('balance.title')}</h1>
      <Async state={balance}>
        {(b) => (
          <Card>
            <div className="grid">
              <Stat label={t('balance.available')} value={i.usd(num(b, 'balance', 'usd'))} />
              <Stat
                label={t('balance.usdt')}
                value={i.number(num(b, 'balance', 'usdt_equivalent'), 2)}
              />
              <Stat label={t('balance.todayEarn')} value={i.usd(num(b, 'today_earn'))} />
              <Stat label={t('balance.monthEarn')} value={i.usd(num(b, 'month_earn'))} />
            </div>
            <p className="hint">
              {t('dash.used')}: {i.mb(num(b, 'balance', 'used_mb'))} ·{' '}
              {i.dateTime(str(b, 'balance', 'last_refreshed'))}
            </p>
            <button type="button" onClick={() => void refresh.call()} disabled={refresh.pending}>
              {t('balance.refresh')}
            </button>
            {refresh.result !== undefined && (
              <Notice>
                {t('balance.delta', { delta: i.usd(num(refresh.result, 'delta'), 4) })}
              </Notice>
            )}
            <ErrorText error={refresh.error} />
          </Card>
        )}
      </Async>
      <Card title={t('balance.transactions')} id="tx-title">
        <Async state={txs}>
          {(data) => (
            <>
              <TransactionTable rows={list(data, 'transactions')} />
              {(num(data, 'total') ?? 0) > limit && (
                <button type="button" className="secondary" onClick={() => setLimit(limit + PAGE)}>
                  {t('balance.more')}
                </button>
              )}
            </>
          )}
        </Async>
      </Card>
    </>
  );
}
