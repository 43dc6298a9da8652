// A short, human device name from a user agent ("Android Galaxy S8+", "iPhone", "Windows").
// Deliberately small: the login history needs a label, not a full UA database.

const MOBILE_MODEL = /;\s*([^;()]*?)\s+Build\//;

export function deviceName(userAgent: string): string {
  const ua = userAgent.slice(0, 512);
  if (!ua) return 'Unknown device';
  if (/Telegram(Bot|Desktop)?/i.test(ua) && !/Mozilla/.test(ua)) return 'Telegram';
  if (/Android/i.test(ua)) {
    const model = MOBILE_MODEL.exec(ua)?.[1]?.trim();
    return model ? `Android ${model.replace(/^SAMSUNG\s+/i, '')}` : 'Android';
  }
  if (/iPhone/i.test(ua)) return 'iPhone';
  if (/iPad/i.test(ua)) return 'iPad';
  if (/Windows/i.test(ua)) return 'Windows';
  if (/Macintosh|Mac OS X/i.test(ua)) return 'Mac';
  if (/CrOS/i.test(ua)) return 'Chromebook';
  if (/Linux/i.test(ua)) return 'Linux';
  const first = /^([A-Za-z][\w.-]{0,30})/.exec(ua)?.[1];
  return first ?? 'Unknown device';
}
