// Turns the apps' pino JSON lines into one readable line: time, level, [context] msg, then the
// remaining fields as key=value. Anything that isn't a pino object passes through unchanged.

import { paint, type Colour } from './log';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

const LEVEL_COLOURS: Record<string, Colour> = {
  TRACE: 'grey',
  DEBUG: 'grey',
  INFO: 'green',
  WARN: 'yellow',
  ERROR: 'red',
  FATAL: 'red',
};

/** Fields every line has, nobody reads on a console, or the prefix already shows (app). */
const HIDDEN = new Set([
  'level',
  'time',
  'msg',
  'message',
  'pid',
  'hostname',
  'context',
  'v',
  'app',
]);

function levelName(level: unknown): string {
  if (typeof level === 'number') return LEVELS[level] ?? String(level);
  if (typeof level === 'string') return level.toUpperCase();
  return 'INFO';
}

function clock(time: unknown): string {
  const date = typeof time === 'number' || typeof time === 'string' ? new Date(time) : new Date();
  const d = Number.isNaN(date.getTime()) ? new Date() : date;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error's stack (or message), indented under the line. */
function errorBlock(err: unknown): string {
  if (!isRecord(err)) return '';
  const stack =
    typeof err.stack === 'string' ? err.stack : typeof err.message === 'string' ? err.message : '';
  return stack ? `\n    ${stack.split('\n').join('\n    ')}` : '';
}

export function formatLogLine(line: string): string {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return line;
  let entry: unknown;
  try {
    entry = JSON.parse(trimmed);
  } catch {
    return line;
  }
  if (!isRecord(entry) || !('level' in entry)) return line;

  const level = levelName(entry.level);
  const context = typeof entry.context === 'string' ? `[${entry.context}] ` : '';
  const rawMsg = entry.msg ?? entry.message;
  const msg = typeof rawMsg === 'string' ? rawMsg : rawMsg === undefined ? '' : compact(rawMsg);
  const fields: string[] = [];
  let block = '';
  for (const [key, value] of Object.entries(entry)) {
    if (HIDDEN.has(key)) continue;
    if ((key === 'err' || key === 'error') && isRecord(value)) {
      block += errorBlock(value);
      const withoutStack = Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'stack'));
      fields.push(`${key}=${compact(withoutStack)}`);
      continue;
    }
    fields.push(`${key}=${compact(value)}`);
  }
  const levelText = paint(LEVEL_COLOURS[level] ?? 'bold', level.padEnd(5));
  const tail = fields.length > 0 ? ` ${paint('grey', fields.join(' '))}` : '';
  return `${paint('grey', clock(entry.time))} ${levelText} ${context}${msg}${tail}${block}`;
}
