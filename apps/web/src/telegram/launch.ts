// Telegram Mini App launch parameters, read the way Telegram passes them: in the URL hash,
// `#tgWebAppData=<initData>&tgWebAppVersion=…&tgWebAppPlatform=…&tgWebAppThemeParams=<json>`.
// A plain browser opened with the same hash behaves exactly as inside Telegram.

export interface ThemeParams {
  readonly bg_color?: string;
  readonly text_color?: string;
  readonly hint_color?: string;
  readonly link_color?: string;
  readonly button_color?: string;
  readonly button_text_color?: string;
  readonly secondary_bg_color?: string;
  readonly [key: string]: string | undefined;
}

export interface LaunchParams {
  /** The raw initData string, exactly as signed (sent as is to POST /api/auth/webapp). */
  readonly initData: string;
  readonly version?: string;
  readonly platform?: string;
  readonly themeParams: ThemeParams;
  /** The Telegram user's language_code from initData (for the first language choice). */
  readonly languageCode?: string;
  readonly firstName?: string;
}

const HEX = /^#[0-9a-fA-F]{3,8}$/;

function parseTheme(raw: string | null): ThemeParams {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    // Only colour values: the theme ends up in CSS custom properties.
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && HEX.test(e[1]),
      ),
    );
  } catch {
    return {};
  }
}

/** The launch parameters of a URL hash, or undefined when it carries no tgWebAppData. */
export function parseLaunchParams(hash: string): LaunchParams | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const initData = params.get('tgWebAppData');
  if (!initData) return undefined;
  let languageCode: string | undefined;
  let firstName: string | undefined;
  try {
    const user = JSON.parse(new URLSearchParams(initData).get('user') ?? 'null') as {
      language_code?: unknown;
      first_name?: unknown;
    } | null;
    if (typeof user?.language_code === 'string') languageCode = user.language_code;
    if (typeof user?.first_name === 'string') firstName = user.first_name;
  } catch {
    // initData without a readable user: the gateway refuses it with a clear code.
  }
  return {
    initData,
    version: params.get('tgWebAppVersion') ?? undefined,
    platform: params.get('tgWebAppPlatform') ?? undefined,
    themeParams: parseTheme(params.get('tgWebAppThemeParams')),
    languageCode,
    firstName,
  };
}

/** CSS custom properties of a theme (`--tg-theme-bg-color`, …), as Telegram names them. */
export function themeVariables(theme: ThemeParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(theme)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([k, v]) => [`--tg-theme-${k.replace(/_/g, '-')}`, v]),
  );
}

/** Whether a colour is dark (for the "Telegram" theme choice). */
export function isDark(hex: string | undefined): boolean {
  if (!hex || !HEX.test(hex)) return false;
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}
