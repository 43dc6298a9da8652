import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { LANGUAGES, type Language } from '../../i18n/catalog';
import { useI18n } from '../../i18n/i18n';
import { Async, Card, ErrorText, Field, Notice } from '../../ui/components';
import { useAction, useLoad } from '../../ui/hooks';

type Patch = NonNullable<
  paths['/api/user/settings']['patch']['requestBody']
>['content']['application/json'];
export type { ThemeChoice } from '../../ui/theme';
import type { ThemeChoice } from '../../ui/theme';
const LANGUAGE_NAMES: Record<Language, string> = { uz: 'O‘zbekcha', ru: 'Русский', en: 'English' };
const SWITCHES = [
  ['push_notifications', 'settings.push'],
  ['session_updates', 'settings.sessionUpdates'],
  ['system_updates', 'settings.systemUpdates'],
  ['single_device_mode', 'settings.singleDevice'],
  ['battery_saver', 'settings.batterySaver'],
] as const;

export function SettingsScreen({
  theme,
  onTheme,
  onLanguage,
}: {
  theme: ThemeChoice;
  onTheme: (theme: ThemeChoice) => void;
  onLanguage: (language: Language) => void;
}) {
  const { t, language } = useI18n();
  const settings = useLoad(() => unwrap(api.GET('/api/user/settings')), []);
  const save = useAction(async (patch: Patch) => {
    const answer = await unwrap(api.PATCH('/api/user/settings', { body: patch }));
    settings.set(answer);
    return answer;
  });
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Card>
        <Field label={t('settings.language')}>
          <select
            data-testid="language"
            value={language}
            onChange={(e) => {
              const next = e.target.value as Language;
              onLanguage(next);
              void save.call({ language: next });
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('settings.theme')}>
          <select
            data-testid="theme"
            value={theme}
            onChange={(e) => {
              const next = e.target.value as ThemeChoice;
              onTheme(next);
              if (next !== 'telegram') void save.call({ theme: next });
            }}
          >
            <option value="telegram">{t('settings.themeTelegram')}</option>
            <option value="light">{t('settings.themeLight')}</option>
            <option value="dark">{t('settings.themeDark')}</option>
          </select>
        </Field>
      </Card>
      <Card title={t('settings.notifications')} id="settings-notifications">
        <Async state={settings}>
          {(s) => (
            <>
              {SWITCHES.map(([field, label]) => (
                <label key={field} className="switch">
                  <span>{t(label)}</span>
                  <input
                    type="checkbox"
                    checked={s[field]}
                    onChange={(e) => void save.call({ [field]: e.target.checked })}
                  />
                </label>
              ))}
            </>
          )}
        </Async>
        {save.result !== undefined && !save.pending && <Notice>{t('settings.saved')}</Notice>}
        <ErrorText error={save.error} />
      </Card>
    </>
  );
}
