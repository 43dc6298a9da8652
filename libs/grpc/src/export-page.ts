import { DomainException } from './domain-error';

/** The position after the last row of an export page: its time and its id. */
export interface ExportCursor {
  readonly at: string;
  readonly id: string;
}

/** A validated export page request: created in [from, to), after the cursor, at most `limit`. */
export interface ExportPageQuery {
  readonly from: Date;
  readonly to: Date;
  readonly after: ExportCursor | undefined;
  readonly limit: number;
}

export const MAX_EXPORT_PAGE_ROWS = 5000;

const invalid = (code: string, message: string) =>
  new DomainException('invalid_argument', code, message);

function parseTime(name: string, s: string): Date {
  const t = Date.parse(s);
  if (s === '' || Number.isNaN(t))
    throw invalid('invalid_range', `${name} must be an RFC 3339 time`);
  return new Date(t);
}

export function encodeExportCursor(c: ExportCursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

function decodeExportCursor(s: string): ExportCursor | undefined {
  if (s === '') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0]))
    ) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw invalid('invalid_cursor', 'after is not a cursor this RPC returned');
}

/**
 * Checks the fields every keyset export RPC shares (from, to, after, limit): the admin export
 * pages of users, sessions and withdrawals all read `created_at`-ordered rows the same way.
 */
export function parseExportPage(r: {
  from: string;
  to: string;
  after: string;
  limit: number;
}): ExportPageQuery {
  const from = parseTime('from', r.from);
  const to = parseTime('to', r.to);
  if (to <= from) throw invalid('invalid_range', 'to must be after from');
  if (!Number.isInteger(r.limit) || r.limit < 1 || r.limit > MAX_EXPORT_PAGE_ROWS) {
    throw invalid('invalid_limit', `limit must be 1-${MAX_EXPORT_PAGE_ROWS}`);
  }
  return { from, to, after: decodeExportCursor(r.after), limit: r.limit };
}

/** The `next` of a page: the last row's cursor when the page is full, '' when it is the last. */
export function nextExportCursor<T>(
  rows: readonly T[],
  limit: number,
  cursorOf: (row: T) => ExportCursor,
): string {
  const last = rows[rows.length - 1];
  return rows.length === limit && last !== undefined ? encodeExportCursor(cursorOf(last)) : '';
}
