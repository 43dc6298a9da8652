// The Telegram Login Widget (plain browser): Telegram's widget script renders its button and
// calls back with the signed payload, which POST /api/auth/telegram checks.
import { useEffect, useRef } from 'react';

import { botUsername, type WidgetPayload } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { ErrorText } from './components';

declare global {
  interface Window {
    onTelegramAuth?: (user: WidgetPayload) => void;
  }
}

export function LoginWidget({
  onPayload,
  error,
  pending,
}: {
  onPayload: (payload: WidgetPayload) => void;
  error: unknown;
  pending: boolean;
}) {
  const { t, language } = useI18n();
  const holder = useRef<HTMLDivElement>(null);
  const bot = botUsername();
  useEffect(() => {
    if (!bot || !holder.current) return;
    window.onTelegramAuth = onPayload;
    const script = document.createElement('script');
    script.src = 'https://telegram.org/js/telegram-widget.js?22';
    script.async = true;
    script.dataset.telegramLogin = bot;
    script.dataset.size = 'large';
    script.dataset.onauth = 'onTelegramAuth(user)';
    script.dataset.requestAccess = 'write';
    script.dataset.lang = language;
    holder.current.replaceChildren(script);
    return () => {
      window.onTelegramAuth = undefined;
    };
  }, [bot, language, onPayload]);
  return (
    <main className="shell">
      <h1>{t('login.title')}</h1>
      <p>{t('login.telegramHint')}</p>
      {bot ? <div ref={holder} /> : <p className="notice">{t('login.noBot')}</p>}
      {pending && <p aria-busy="true">{t('login.signingIn')}</p>}
      <ErrorText error={error} />
    </main>
  );
}
