// The parts of window.Telegram.WebApp the Mini App uses (present inside Telegram once its
// telegram-web-app.js has loaded): ready/expand, MainButton, BackButton and haptics. Every
// call is optional: in a plain browser nothing happens.

interface TgButton {
  setText(text: string): void;
  show(): void;
  hide(): void;
  onClick(cb: () => void): void;
  offClick(cb: () => void): void;
}

export interface TelegramWebApp {
  ready(): void;
  expand(): void;
  MainButton?: TgButton;
  BackButton?: Omit<TgButton, 'setText'>;
  HapticFeedback?: {
    impactOccurred(style: 'light' | 'medium' | 'heavy'): void;
    notificationOccurred(type: 'error' | 'success' | 'warning'): void;
  };
}

declare global {
  interface Window {
    Telegram?: { WebApp?: TelegramWebApp };
  }
}

export function webApp(): TelegramWebApp | undefined {
  return typeof window === 'undefined' ? undefined : window.Telegram?.WebApp;
}

/** Loads Telegram's telegram-web-app.js (inside Telegram only); the app works without it. */
export function loadTelegramScript(): void {
  if (webApp() || document.querySelector('script[data-tg-webapp]')) return;
  const script = document.createElement('script');
  script.src = 'https://telegram.org/js/telegram-web-app.js';
  script.async = true;
  script.dataset.tgWebapp = '1';
  script.onload = () => {
    webApp()?.ready();
    webApp()?.expand();
  };
  document.head.appendChild(script);
}

export function haptic(kind: 'success' | 'error' | 'light'): void {
  const h = webApp()?.HapticFeedback;
  if (!h) return;
  if (kind === 'light') h.impactOccurred('light');
  else h.notificationOccurred(kind);
}

/** Shows Telegram's BackButton while `onBack` is set (returns the cleanup). */
export function bindBackButton(onBack: (() => void) | undefined): () => void {
  const button = webApp()?.BackButton;
  if (!button) return () => undefined;
  if (!onBack) {
    button.hide();
    return () => undefined;
  }
  button.onClick(onBack);
  button.show();
  return () => {
    button.offClick(onBack);
    button.hide();
  };
}

/** Shows Telegram's MainButton with `text` while mounted (returns the cleanup). */
export function bindMainButton(text: string, onClick: () => void): () => void {
  const button = webApp()?.MainButton;
  if (!button) return () => undefined;
  button.setText(text);
  button.onClick(onClick);
  button.show();
  return () => {
    button.offClick(onClick);
    button.hide();
  };
}
