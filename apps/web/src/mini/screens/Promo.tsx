import { useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { haptic } from '../../telegram/webapp';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';
import { NewsSection } from './News';

export function PromoScreen() {
  const i = useI18n();
  const { t } = i;
  const [code, setCode] = useState('');
  const promos = useLoad(() => unwrap(api.GET('/api/promo/list')), []);
  const activate = useAction(async (value: string) => {
    const answer = await unwrap(api.POST('/api/promo/activate', { body: { code: value } }));
    haptic('success');
    return answer;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void activate.call(code.trim()).then((r) => {
      if (r === undefined) haptic('error');
      else setCode('');
    });
  };
  return (
    <>
      <h1>{t('promo.title')}</h1>
      <NewsSection />
      <Card title={t('promo.activate')} id="promo-activate">
        <form onSubmit={submit} className="row">
          <Field label={t('promo.code')}>
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              minLength={3}
              maxLength={64}
              required
              autoCapitalize="characters"
            />
          </Field>
          <button type="submit" disabled={activate.pending}>
            {t('promo.submit')}
          </button>
        </form>
        {activate.result !== undefined && (
          <Notice>
            {t('promo.done', {
              code: activate.result.code,
              bonus: i.usd(activate.result.bonus_usd, 4),
            })}
          </Notice>
        )}
        <ErrorText error={activate.error} />
      </Card>
      <Card title={t('promo.active')} id="promo-list">
        <Async state={promos}>
          {(data) => {
            const rows = data.promo;
            if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
            return (
              <ul>
                {rows.map((p) => (
                  <li key={p.code}>
                    <strong className="mono">{p.code}</strong> —{' '}
                    {t('promo.bonus', { percent: p.bonus_percent })}
                    {p.expires_at && <> ({t('promo.expires', { date: i.date(p.expires_at) })})</>}
                  </li>
                ))}
              </ul>
            );
          }}
        </Async>
      </Card>
    </>
  );
}
