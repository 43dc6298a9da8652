import { useEffect, useState, type FormEvent } from 'react';

import { api, unwrap } from '../../api/client';
import { adoptRenewedToken } from '../../api/session';
import { useI18n } from '../../i18n/i18n';
import { haptic } from '../../telegram/webapp';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

function QrCode({ uri, label }: { uri: string; label: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    // qrcode loads only when a QR is shown (kept out of the first-load bundle).
    void import('qrcode')
      .then(({ toDataURL }) => toDataURL(uri, { margin: 1, width: 200 }))
      .then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? <img className="qr" src={src} alt={label} /> : null;
}

function TwoFactor({ enabled, onChange }: { enabled: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const enroll = useAction(() => unwrap(api.POST('/api/user/security/2fa')));
  const verify = useAction(async (value: string) => {
    const r = await unwrap(api.POST('/api/user/security/2fa/verify', { body: { code: value } }));
    haptic('success');
    enroll.reset();
    onChange();
    return r;
  });
  const disable = useAction(async (value: string) => {
    const r = await unwrap(api.POST('/api/user/security/disable_2fa', { body: { code: value } }));
    onChange();
    return r;
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void (enabled ? disable.call(code) : verify.call(code)).then(() => setCode(''));
  };
  const pending = enroll.result;
  const codeForm = (
    <form onSubmit={submit} className="row">
      <Field label={t('profile.code')}>
        <input
          data-testid="twofa-code"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          required
        />
      </Field>
      <button type="submit" data-testid="twofa-submit">
        {enabled ? t('profile.disable2fa') : t('profile.verify')}
      </button>
    </form>
  );
  return (
    <Card title={t('profile.twoFactor')} id="twofa">
      <p data-testid="twofa-state" data-enabled={enabled}>
        {enabled ? t('profile.twoFactorOn') : t('profile.twoFactorOff')}
      </p>
      {verify.result !== undefined && <Notice>{t('profile.enabled')}</Notice>}
      {disable.result !== undefined && <Notice>{t('profile.disabled')}</Notice>}
      {enabled ? (
        codeForm
      ) : pending !== undefined ? (
        <>
          <p>{t('profile.scan')}</p>
          <QrCode uri={pending.otpauth_uri} label={t('profile.twoFactor')} />
          <p className="hint mono" data-testid="twofa-secret" data-secret={pending.secret}>
            {t('profile.secret', { secret: pending.secret })}
          </p>
          {codeForm}
        </>
      ) : (
        <button
          type="button"
          data-testid="twofa-enable"
          onClick={() => void enroll.call()}
          disabled={enroll.pending}
        >
          {t('profile.enable2fa')}
        </button>
      )}
      <ErrorText error={enroll.error ?? verify.error ?? disable.error} />
    </Card>
  );
}

export function ProfileScreen({ onLoggedOut }: { onLoggedOut: () => void }) {
  const i = useI18n();
  const { t } = i;
  const profile = useLoad(() => unwrap(api.GET('/api/user/profile')), []);
  const history = useLoad(() => unwrap(api.GET('/api/user/login_history')), []);
  const [code, setCode] = useState('');
  const twoFa = profile.data?.two_factor_enabled ?? false;
  const body = twoFa ? { code } : {};
  const renew = useAction(async () => {
    const answer = await unwrap(api.POST('/api/user/token/renew', { body }));
    // The renewed token replaces the old one for every later request of this tab.
    adoptRenewedToken(answer.jwt_token);
    setCode('');
    return answer;
  });
  const logout = useAction(async () => {
    await unwrap(api.POST('/api/user/logout'));
    onLoggedOut();
  });
  const logoutAll = useAction(async () => {
    await unwrap(api.POST('/api/user/logout_all', { body }));
    onLoggedOut();
  });
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <Async state={profile}>
        {(p) => (
          <Card>
            <p>
              <strong>{p.first_name}</strong> {p.username && `@${p.username}`}
            </p>
            <p className="hint">
              {t('profile.lastIp')}: {p.last_login_ip || '—'} · {t('profile.device')}:{' '}
              {p.last_login_device || '—'}
            </p>
          </Card>
        )}
      </Async>
      {profile.data !== undefined && <TwoFactor enabled={twoFa} onChange={profile.reload} />}
      <Card title={t('profile.loginHistory')} id="login-history">
        <Async state={history}>
          {(h) => {
            const rows = h.history;
            if (rows.length === 0) return <p className="hint">{t('app.empty')}</p>;
            return (
              <ul data-testid="login-history">
                {rows.map((row, n) => (
                  <li key={n}>
                    {i.dateTime(row.time)} —{' '}
                    {[row.city, row.country].filter(Boolean).join(', ') || '—'} ·{' '}
                    {row.device || '—'} · {row.ip}
                    {row.current && <span className="badge"> {t('profile.current')}</span>}
                  </li>
                ))}
              </ul>
            );
          }}
        </Async>
      </Card>
      <Card>
        {twoFa && (
          <Field label={t('profile.code')}>
            <input
              data-testid="renew-code"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
              inputMode="numeric"
            />
          </Field>
        )}
        <div className="row">
          <button
            type="button"
            className="secondary"
            data-testid="renew"
            disabled={renew.pending}
            onClick={() => void renew.call()}
          >
            {t('profile.renew')}
          </button>
          <button type="button" className="secondary" onClick={() => void logout.call()}>
            {t('profile.logout')}
          </button>
          <button type="button" className="danger" onClick={() => void logoutAll.call()}>
            {t('profile.logoutAll')}
          </button>
        </div>
        {renew.result !== undefined && <Notice>{t('profile.renewed')}</Notice>}
        <ErrorText error={renew.error ?? logout.error ?? logoutAll.error} />
      </Card>
    </>
  );
}
