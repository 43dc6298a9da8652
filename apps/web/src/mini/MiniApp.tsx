// The Telegram Mini App: logs in with the launch parameters' initData (or the Login Widget
// in a plain browser), then shows the user's screens in a tab bar. Telegram's BackButton
// returns to the dashboard; haptics on success/failure where the screens act.
import { useCallback, useEffect, useMemo, useState } from 'react';

import { api, setUnauthorizedHandler, unwrap } from '../api/client';
import {
  forgetSession,
  loginWithInitData,
  loginWithWidget,
  restoreSession,
  type Session,
  type WidgetPayload,
} from '../api/session';
import type { Language, MessageKey } from '../i18n/catalog';
import { I18nProvider, isLanguage, pickLanguage, useI18n } from '../i18n/i18n';
import { parseLaunchParams, type LaunchParams } from '../telegram/launch';
import { bindBackButton, loadTelegramScript } from '../telegram/webapp';
import { ErrorText, Notice } from '../ui/components';
import { LoginWidget } from '../ui/login';
import { applyTheme, store, storedLanguage, storedTheme, type ThemeChoice } from '../ui/theme';
import { BalanceScreen } from './screens/Balance';
import { DashboardScreen } from './screens/Dashboard';
import { ProfileScreen } from './screens/Profile';
import { PromoScreen } from './screens/Promo';
import { SessionsScreen } from './screens/Sessions';
import { SettingsScreen } from './screens/Settings';
import { StatsScreen } from './screens/Stats';
import { SupportScreen } from './screens/Support';
import { NotificationsScreen } from './screens/Notifications';
import { ReferralsScreen } from './screens/Referrals';
import { WithdrawScreen } from './screens/Withdraw';

export type Screen =
  | 'dashboard'
  | 'balance'
  | 'withdraw'
  | 'sessions'
  | 'stats'
  | 'promo'
  | 'support'
  | 'profile'
  | 'settings'
  | 'notifications'
  | 'referrals';

const TABS: ReadonlyArray<readonly [Screen, MessageKey]> = [
  ['dashboard', 'nav.dashboard'],
  ['balance', 'nav.balance'],
  ['withdraw', 'nav.withdraw'],
  ['sessions', 'nav.sessions'],
  ['stats', 'nav.stats'],
  ['promo', 'nav.promo'],
  ['support', 'nav.support'],
  ['notifications', 'nav.notifications'],
  ['referrals', 'nav.referrals'],
  ['profile', 'nav.profile'],
  ['settings', 'nav.settings'],
];

function Shell({
  session,
  theme,
  onTheme,
  onLanguage,
  onLoggedOut,
}: {
  session: Session;
  theme: ThemeChoice;
  onTheme: (t: ThemeChoice) => void;
  onLanguage: (l: Language) => void;
  onLoggedOut: () => void;
}) {
  const { t } = useI18n();
  const [screen, setScreen] = useState<Screen>('dashboard');
  const back = useCallback(() => setScreen('dashboard'), []);
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    // The unread count on the Notifications tab, refreshed when the screen changes.
    void unwrap(
      api.GET('/api/user/notifications', { params: { query: { limit: 1, unread_only: 'true' } } }),
    ).then(
      (answer) => setUnread(answer.unread),
      () => undefined,
    );
  }, [screen]);
  useEffect(() => bindBackButton(screen === 'dashboard' ? undefined : back), [screen, back]);
  useEffect(() => {
    // A block body: recent Chromium's scrollTo returns a promise, and an effect must not.
    void window.scrollTo?.(0, 0);
  }, [screen]);
  let content;
  switch (screen) {
    case 'dashboard':
      content = <DashboardScreen />;
      break;
    case 'balance':
      content = <BalanceScreen />;
      break;
    case 'sessions':
      content = <SessionsScreen />;
      break;
    case 'stats':
      content = <StatsScreen />;
      break;
    case 'promo':
      content = <PromoScreen />;
      break;
    case 'profile':
      content = <ProfileScreen onLoggedOut={onLoggedOut} />;
      break;
    case 'settings':
      content = <SettingsScreen theme={theme} onTheme={onTheme} onLanguage={onLanguage} />;
      break;
    case 'withdraw':
      content = <WithdrawScreen />;
      break;
    case 'notifications':
      content = <NotificationsScreen onUnread={setUnread} />;
      break;
    case 'referrals':
      content = <ReferralsScreen />;
      break;
    case 'support':
      content = <SupportScreen />;
      break;
  }
  return (
    <>
      <main className="shell" data-user={session.user.telegram_id}>
        {content}
      </main>
      <nav className="tabbar" aria-label={t('app.title')}>
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            data-screen={id}
            aria-current={screen === id ? 'page' : undefined}
            onClick={() => setScreen(id)}
          >
            {t(label)}
            {id === 'notifications' && unread > 0 && (
              <span className="badge badge-new" data-testid="unread-badge">
                <span className="visually-hidden">
                  {t('notifications.unread', { count: unread })}
                </span>
                <span aria-hidden="true">{unread}</span>
              </span>
            )}
          </button>
        ))}
      </nav>
    </>
  );
}

export function MiniApp({ launch }: { launch: LaunchParams | undefined }) {
  const [language, setLanguage] = useState<Language>(
    () => storedLanguage() ?? pickLanguage(launch?.languageCode, navigator.language),
  );
  const [theme, setTheme] = useState<ThemeChoice>(
    () => storedTheme() ?? (launch ? 'telegram' : 'light'),
  );
  const [session, setSession] = useState<Session | undefined>(() =>
    launch ? undefined : restoreSession(),
  );
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const [loggedOut, setLoggedOut] = useState(false);
  const themeParams = useMemo(() => launch?.themeParams ?? {}, [launch]);

  useEffect(() => {
    applyTheme(theme, themeParams);
  }, [theme, themeParams]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const adopt = useCallback(
    (s: Session) => {
      setSession(s);
      // The saved language and theme of the account, unless this device chose its own.
      void unwrap(api.GET('/api/user/settings')).then(
        (settings) => {
          const lang = settings.language;
          if (!storedLanguage() && isLanguage(lang)) setLanguage(lang);
          const th = settings.theme;
          if (!storedTheme() && !launch && (th === 'light' || th === 'dark')) setTheme(th);
        },
        () => undefined,
      );
    },
    [launch],
  );

  const login = useCallback(
    (run: () => Promise<Session>) => {
      setPending(true);
      setError(undefined);
      run().then(
        (s) => {
          setPending(false);
          adopt(s);
        },
        (err: unknown) => {
          setPending(false);
          setError(err);
        },
      );
    },
    [adopt],
  );

  useEffect(() => {
    if (!launch) return;
    loadTelegramScript();
    login(() => loginWithInitData(launch.initData));
  }, [launch, login]);

  const logOut = useCallback(() => {
    forgetSession();
    setSession(undefined);
    setLoggedOut(true);
  }, []);
  useEffect(() => {
    // A 401 means the session ended: inside Telegram log in again with initData, else sign in.
    setUnauthorizedHandler(() => {
      forgetSession();
      setSession(undefined);
    });
    return () => setUnauthorizedHandler(undefined);
  }, []);

  const onWidget = useCallback(
    (payload: WidgetPayload) => login(() => loginWithWidget(payload)),
    [login],
  );

  let body;
  if (session) {
    body = (
      <Shell
        session={session}
        theme={theme}
        onTheme={(next) => {
          store('ts.theme', next);
          setTheme(next);
        }}
        onLanguage={(next) => {
          store('ts.lang', next);
          setLanguage(next);
        }}
        onLoggedOut={logOut}
      />
    );
  } else if (launch && !loggedOut) {
    body = (
      <main className="shell">
        <LaunchStatus
          pending={pending}
          error={error}
          onRetry={() => login(() => loginWithInitData(launch.initData))}
        />
      </main>
    );
  } else {
    body = (
      <>
        {loggedOut && <LoggedOutNotice />}
        <LoginWidget onPayload={onWidget} error={error} pending={pending} />
      </>
    );
  }
  return <I18nProvider language={language}>{body}</I18nProvider>;
}

function LoggedOutNotice() {
  const { t } = useI18n();
  return (
    <div className="shell">
      <Notice>{t('profile.loggedOut')}</Notice>
    </div>
  );
}

function LaunchStatus({
  pending,
  error,
  onRetry,
}: {
  pending: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  if (pending || !error) return <p aria-busy="true">{t('login.signingIn')}</p>;
  return (
    <>
      <h1>{t('login.title')}</h1>
      <ErrorText error={error} />
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </>
  );
}

export function launchFromLocation(): LaunchParams | undefined {
  return parseLaunchParams(window.location.hash);
}
