import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { BarChart } from '../../ui/chart';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

export function PricesPage() {
  const i = useI18n();
  const { t } = i;
  const [price, setPrice] = useState('');
  const [date, setDate] = useState('');
  const [message, setMessage] = useState('');
  const [push, setPush] = useState(false);
  const history = useLoad(
    () => unwrap(api.GET('/api/daily_price/history', { params: { query: { days: '30' } } })),
    [],
  );
  const save = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const answer = await unwrap(
      api.POST('/api/admin/daily_price', {
        body: { price_per_gb: Number(price), message, push, ...(date ? { date } : {}) },
      }),
    );
    history.reload();
    return answer;
  });
  return (
    <>
      <h1>{t('admin.prices')}</h1>
      <Card>
        <form onSubmit={(e) => void save.call(e)}>
          <div className="row">
            <Field label={t('admin.pricePerGb')}>
              <input
                data-testid="price-per-gb"
                type="number"
                step="0.01"
                min="0.01"
                max="1000"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
                required
              />
            </Field>
            <Field label={t('admin.priceDate')}>
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
          </div>
          <Field label={t('admin.priceMessage')}>
            <input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={1000} />
          </Field>
          <label className="switch">
            <span>{t('admin.pricePush')}</span>
            <input type="checkbox" checked={push} onChange={(e) => setPush(e.target.checked)} />
          </label>
          <p>
            <button type="submit" disabled={save.pending}>
              {t('app.save')}
            </button>
          </p>
        </form>
        {save.result && (
          <Notice>
            {t('admin.priceSet', {
              price: i.usd(save.result.price_per_gb),
              change: save.result.change,
            })}
          </Notice>
        )}
        <ErrorText error={save.error} />
      </Card>
      <Card title={t('admin.priceHistory')} id="price-history">
        <Async state={history}>
          {(h) => (
            <BarChart
              title={t('admin.priceHistory')}
              points={h.prices.map((p) => ({ label: p.date.slice(5), value: p.price_per_gb }))}
              format={(v) => i.usd(v)}
            />
          )}
        </Async>
      </Card>
    </>
  );
}
