import { useState } from 'react';

import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Notice, Stat, StatusBadge } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

const PAGE = 20;

type Transactions =
  paths['/api/transactions']['get']['responses'][200]['content']['application/json'];
export type TransactionRow = Transactions['transactions'][number];

export function TransactionTable({ rows }: { rows: readonly TransactionRow[] }) {
  const i = useI18n();
  const { t } = i;
  if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
  const typeName = (type: string) => {
    const key = `tx.${type}` as MessageKey;
    return ['income', 'withdraw', 'refund', 'bonus', 'adjustment'].includes(type) ? t(key) : type;
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
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{i.dateTime(row.created_at)}</td>
              <td>{typeName(row.type)}</td>
              <td>{i.usd(row.amount_usd, 4)}</td>
              <td>{row.status ? <StatusBadge status={row.status} /> : '—'}</td>
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
              <Stat label={t('balance.available')} value={i.usd(b.balance.usd)} />
              <Stat label={t('balance.usdt')} value={i.number(b.balance.usdt_equivalent, 2)} />
              <Stat label={t('balance.todayEarn')} value={i.usd(b.today_earn)} />
              <Stat label={t('balance.monthEarn')} value={i.usd(b.month_earn)} />
            </div>
            <p className="hint">
              {t('dash.used')}: {i.mb(b.balance.used_mb)} · {i.dateTime(b.balance.last_refreshed)}
            </p>
            <button type="button" onClick={() => void refresh.call()} disabled={refresh.pending}>
              {t('balance.refresh')}
            </button>
            {refresh.result !== undefined && (
              <Notice>{t('balance.delta', { delta: i.usd(refresh.result.delta, 4) })}</Notice>
            )}
            <ErrorText error={refresh.error} />
          </Card>
        )}
      </Async>
      <Card title={t('balance.transactions')} id="tx-title">
        <Async state={txs}>
          {(data) => (
            <>
              <TransactionTable rows={data.transactions} />
              {data.total > limit && (
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
