/** What a buyer sends as proxy credentials, the way services in this market take them:
 *  user name `<api key>[-country-<cc>][-session-<name>][-sessttl-<minutes>]` (password ignored),
 *  or user name `user[-options…]` with the API key as the password. */
export interface ProxyCredentials {
  readonly apiKey: string;
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country?: string;
  /** Sticky session name (type `traffic` keys keep one device per name). */
  readonly session?: string;
  /** Sticky session lifetime in minutes. */
  readonly sessionTtlMin?: number;
}

/** `tsk_` + 32 random bytes in base64url (auth-svc's API key format). */
const API_KEY = /^tsk_[A-Za-z0-9_-]{43}$/;
const API_KEY_LENGTH = 47;

export function parseProxyCredentials(username: string, password: string): ProxyCredentials | null {
  let apiKey: string;
  let options: string;
  if (username.startsWith('tsk_')) {
    apiKey = username.slice(0, API_KEY_LENGTH);
    options = username.slice(API_KEY_LENGTH);
    if (options !== '' && !options.startsWith('-')) return null;
    options = options.slice(1);
  } else {
    apiKey = password;
    const [first, ...rest] = username.split('-');
    if (first === undefined || first === '') return null;
    options = rest.join('-');
  }
  if (!API_KEY.test(apiKey)) return null;
  const parsed = parseOptions(options);
  return parsed ? { apiKey, ...parsed } : null;
}

function parseOptions(options: string): Omit<ProxyCredentials, 'apiKey'> | null {
  if (options === '') return {};
  const parts = options.split('-');
  if (parts.length % 2 !== 0) return null;
  const result: { country?: string; session?: string; sessionTtlMin?: number } = {};
  for (let i = 0; i < parts.length; i += 2) {
    const name = parts[i]?.toLowerCase();
    const value = parts[i + 1] ?? '';
    switch (name) {
      case 'country':
        if (!/^[a-z]{2}$/i.test(value)) return null;
        result.country = value.toUpperCase();
        break;
      case 'session':
        if (!/^[A-Za-z0-9_]{1,64}$/.test(value)) return null;
        result.session = value;
        break;
      case 'sessttl': {
        const minutes = Number(value);
        if (!/^\d{1,4}$/.test(value) || minutes < 1 || minutes > 1440) return null;
        result.sessionTtlMin = minutes;
        break;
      }
      default:
        return null;
    }
  }
  return result;
}

/** `Proxy-Authorization: Basic base64(user:pass)` → user and password. */
export function parseBasicAuth(header: string | undefined): { user: string; pass: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}
