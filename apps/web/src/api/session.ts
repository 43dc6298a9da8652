// Logging in: Telegram Mini App initData (POST /api/auth/webapp) or the Login Widget payload
// (POST /api/auth/telegram). The access token lives in memory and sessionStorage (this tab).
import { api, setAccessToken, unwrap } from './client';
import type { paths } from './schema';

type LoginAnswer =
  paths['/api/auth/webapp']['post']['responses'][200]['content']['application/json'];
export type LoginUser = LoginAnswer['user'];
export type WidgetPayload = NonNullable<
  paths['/api/auth/telegram']['post']['requestBody']
>['content']['application/json'];

export interface Session {
  readonly token: string;
  readonly user: LoginUser;
}

const KEY = 'ts.session';

function remember(answer: LoginAnswer, storageKey: string): Session {
  const session = { token: answer.token, user: answer.user };
  setAccessToken(session.token);
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(session));
  } catch {
    // storage unavailable (private mode): the session lasts until reload
  }
  return session;
}

export async function loginWithInitData(initData: string, storageKey = KEY): Promise<Session> {
  const answer = await unwrap(api.POST('/api/auth/webapp', { body: { init_data: initData } }));
  return remember(answer, storageKey);
}

export async function loginWithWidget(payload: WidgetPayload, storageKey = KEY): Promise<Session> {
  const answer = await unwrap(api.POST('/api/auth/telegram', { body: payload }));
  return remember(answer, storageKey);
}

export function restoreSession(storageKey = KEY): Session | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (typeof session?.token !== 'string') return undefined;
    setAccessToken(session.token);
    return session;
  } catch {
    return undefined;
  }
}

/** A renewed access token for this session (POST /api/user/token/renew): used from now on. */
export function adoptRenewedToken(token: string, storageKey = KEY): void {
  setAccessToken(token);
  try {
    const raw = sessionStorage.getItem(storageKey);
    if (raw) sessionStorage.setItem(storageKey, JSON.stringify({ ...JSON.parse(raw), token }));
  } catch {
    // storage unavailable: the token lasts until reload
  }
}

export function forgetSession(storageKey = KEY): void {
  setAccessToken(undefined);
  try {
    sessionStorage.removeItem(storageKey);
  } catch {
    // nothing stored
  }
}

/** The bot username the server renders into <meta name="telegram-bot"> (Login Widget). */
export function botUsername(): string {
  return document.querySelector('meta[name="telegram-bot"]')?.getAttribute('content') ?? '';
}
