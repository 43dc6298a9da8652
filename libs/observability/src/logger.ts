import pino, { type Logger, type LoggerOptions } from 'pino';

import { currentTraceIds } from './tracing';

/** Paths whose values never reach a log line (tokens, hashes, keys, wallet secrets). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.refreshToken',
  '*.hash',
  '*.init_data',
  '*.initData',
  '*.password',
  '*.secret',
  '*.totp_code',
  '*.api_key',
  '*.apiKey',
  '*.private_key',
  '*.ipn_secret',
  '*.wallet_secret',
  '*.fcm_token',
];

/** Paths holding client IPs: logged masked (last IPv4 octet / IPv6 tail hidden). */
export const IP_PATHS = ['*.ip', '*.client_ip', '*.clientIp', 'req.remoteAddress', 'req.ip'];

export function maskIp(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) return value.replace(/\.\d{1,3}$/, '.x');
  if (value.includes(':')) {
    const groups = value.split(':').filter((g) => g.length > 0);
    return `${groups.slice(0, 3).join(':')}:x`;
  }
  return 'x';
}

export interface LoggerSettings {
  readonly app: string;
  readonly level: string;
  /** Where lines go; defaults to stdout. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  const ipPaths = new Set(IP_PATHS.map((p) => p.replace(/^\*\./, '')));
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: settings.app },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => currentTraceIds(),
    redact: {
      paths: [...REDACTED_PATHS, ...IP_PATHS],
      censor: (value: unknown, path: string[]) =>
        ipPaths.has(path[path.length - 1] ?? '') ? maskIp(value) : '[redacted]',
    },
  };
  return pino(options, settings.destination ?? pino.destination({ sync: false }));
}

export type { Logger };
