// The admin panel: a sidebar of the console's pages, filtered by role (a moderator sees only what it may
// use). Sign-in as in the Mini App: Telegram launch parameters when opened from Telegram, the
// Login Widget in a plain browser; the role comes from the login answer.
import { useCallback, useEffect, useMemo, useState } from 'react';

import { setUnauthorizedHandler } from '../api/client';
import {
  forgetSession,
  loginWithInitData,
  loginWithWidget,
  restoreSession,
  type Session,
  type WidgetPayload,
} from '../api/session';
import { LANGUAGES, type Language, type MessageKey } from '../i18n/catalog';
import { I18nProvider, pickLanguage, useI18n } from '../i18n/i18n';
import { parseLaunchParams } from '../telegram/launch';
import { ErrorText } from '../ui/components';
import { LoginWidget } from '../ui/login';
import { applyTheme, store, storedLanguage, storedTheme, type ThemeChoice } from '../ui/theme';
import { AdminDashboardPage, AdminsPage, ApiKeysPage, PromoAdminPage } from './pages/Manage';
import { BlacklistPage } from './pages/Blacklist';
import { FilterPage } from './pages/Filter';
import { AdminReferralsPage, AdminSummary, ReportsPage } from './pages/Insights';
import { AdminPoolPage } from './pages/Pool';
import { PricesPage } from './pages/Prices';
import { AdminSupportPage } from './pages/Support';
import { AdminLogsPage, AdminSettingsPage } from './pages/System';
import { AdminWithdrawsPage } from './pages/Withdraws';
import { UsersPage } from './pages/Users';

const STORAGE = 'ts.admin.session';

export type Page =
  | 'dashboard'
  | 'users'
  | 'apis'
  | 'withdraws'
  | 'blacklist'
  | 'referrals'
  | 'support'
  | 'pool'
  | 'reports'
  | 'prices'
  | 'newsPromo'
  | 'admins'
  | 'settings'
  | 'logs'
  | 'filter';

interface PageDef {
  readonly id: Page;
  readonly label: MessageKey;
  /** Superadmins only (moderators do not see it). */
  readonly superadmin: boolean;
}

export const PAGES: readonly PageDef[] = [
  { id: 'dashboard', label: 'admin.dashboard', superadmin: false },
  { id: 'users', label: 'admin.users', superadmin: false },
  { id: 'apis', label: 'admin.apis', superadmin: false },
  { id: 'withdraws', label: 'admin.withdraws', superadmin: false },
  { id: 'blacklist', label: 'admin.blacklist', superadmin: false },
  { id: 'referrals', label: 'admin.referrals', superadmin: true },
  { id: 'support', label: 'admin.support', superadmin: true },
  { id: 'pool', label: 'admin.trafficPool', superadmin: true },
  { id: 'reports', label: 'admin.reports', superadmin: true },
  { id: 'prices', label: 'admin.prices', superadmin: true },
  { id: 'newsPromo', label: 'admin.newsPromo', superadmin: true },
  { id: 'admins', label: 'admin.admins', superadmin: true },
  { id: 'settings', label: 'admin.settings', superadmin: true },
  { id: 'logs', label: 'admin.logs', superadmin: true },
  { id: 'filter', label: 'admin.filter', superadmin: true },
];

export function visiblePages(role: string): readonly PageDef[] {
  if (role === 'superadmin') return PAGES;
  if (role === 'moderator') return PAGES.filter((p) => !p.superadmin);
  return [];
}

function PageContent({ page, superadmin }: { page: Page; superadmin: boolean }) {
  switch (page) {
    case 'dashboard':
      return (
        <AdminDashboardPage superadmin={superadmin}>
          {superadmin && <AdminSummary />}
        </AdminDashboardPage>
      );
    case 'users':
      return <UsersPage superadmin={superadmin} />;
    case 'apis':
      return <ApiKeysPage />;
    case 'prices':
      return <PricesPage />;
    case 'newsPromo':
      return <PromoAdminPage />;
    case 'admins':
      return <AdminsPage />;
    case 'filter':
      return <FilterPage />;
    case 'withdraws':
      return <AdminWithdrawsPage />;
    case 'blacklist':
      return <BlacklistPage />;
    case 'referrals':
      return <AdminReferralsPage />;
    case 'support':
      return <AdminSupportPage />;
    case 'pool':
      return <AdminPoolPage />;
    case 'reports':
      return <ReportsPage />;
    case 'settings':
      return <AdminSettingsPage />;
    case 'logs':
      return <AdminLogsPage />;
  }
}

function Panel({
  session,
  onLanguage,
  onTheme,
  theme,
}: {
  session: Session;
  onLanguage: (l: Language) => void;
  onTheme: (t: ThemeChoice) => void;
  theme: ThemeChoice;
}) {
  const { t, language } = useI18n();
  const pages = visiblePages(session.user.role);
  const [page, setPage] = useState<Page>('dashboard');
  if (pages.length === 0) {
    return (
      <main className="shell">
        <h1>{t('admin.title')}</h1>
        <p className="error" role="alert">
          {t('admin.notAdmin')}
        </p>
      </main>
    );
  }
  return (
    <div className="admin">
      <nav className="sidebar" aria-label={t('admin.title')}>
        {pages.map((p) => (
          <button
            key={p.id}
            type="button"
            data-page={p.id}
            aria-current={page === p.id ? 'page' : undefined}
            onClick={() => setPage(p.id)}
          >
            {t(p.label)}
          </button>
        ))}
      </nav>
      <main className="admin-main">
        <div className="row hint">
          <span>
            {t('admin.signedInAs', {
              name: session.user.first_name || String(session.user.telegram_id),
              role: session.user.role,
            })}
          </span>
          <label>
            <span className="visually-hidden">{t('settings.language')}</span>
            <select
              data-testid="admin-language"
              value={language}
              onChange={(e) => onLanguage(e.target.value as Language)}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {l.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="visually-hidden">{t('settings.theme')}</span>
            <select
              data-testid="admin-theme"
              value={theme}
              onChange={(e) => onTheme(e.target.value as ThemeChoice)}
            >
              <option value="light">{t('settings.themeLight')}</option>
              <option value="dark">{t('settings.themeDark')}</option>
            </select>
          </label>
        </div>
        <PageContent page={page} superadmin={session.user.role === 'superadmin'} />
      </main>
    </div>
  );
}

export function AdminApp() {
  const launch = useMemo(() => parseLaunchParams(window.location.hash), []);
  const [language, setLanguage] = useState<Language>(
    () => storedLanguage() ?? pickLanguage(launch?.languageCode, navigator.language),
  );
  const [theme, setTheme] = useState<ThemeChoice>(() =>
    storedTheme() === 'dark' ? 'dark' : 'light',
  );
  const [session, setSession] = useState<Session | undefined>(() =>
    launch ? undefined : restoreSession(STORAGE),
  );
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  useEffect(() => {
    applyTheme(theme, {});
  }, [theme]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const login = useCallback((run: () => Promise<Session>) => {
    setPending(true);
    setError(undefined);
    run().then(
      (s) => {
        setPending(false);
        setSession(s);
      },
      (err: unknown) => {
        setPending(false);
        setError(err);
      },
    );
  }, []);
  useEffect(() => {
    if (launch) login(() => loginWithInitData(launch.initData, STORAGE));
  }, [launch, login]);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      forgetSession(STORAGE);
      setSession(undefined);
    });
    return () => setUnauthorizedHandler(undefined);
  }, []);
  const onWidget = useCallback(
    (payload: WidgetPayload) => login(() => loginWithWidget(payload, STORAGE)),
    [login],
  );
  let body;
  if (session) {
    body = (
      <Panel
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
      />
    );
  } else if (launch && (pending || !error)) {
    body = <p aria-busy="true">…</p>;
  } else {
    body = launch ? (
      <main className="shell">
        <ErrorText error={error} />
      </main>
    ) : (
      <LoginWidget onPayload={onWidget} error={error} pending={pending} />
    );
  }
  return <I18nProvider language={language}>{body}</I18nProvider>;
}
