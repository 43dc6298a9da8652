import { Readable } from 'node:stream';

import { mbFixed, usdFixed } from '../../common/units';
import type { Cell, Column, ReportSource } from './report-source';

/** One CSV field (RFC 4180); a leading = + - @ is neutralised (spreadsheet formula injection). */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A cell as CSV text: money and traffic fixed-point (exact), text quoted and made safe. */
export function csvCell(c: Column, v: Cell): string {
  switch (c.kind) {
    case 'usd':
    case 'usdt':
      return usdFixed(Number(v));
    case 'mb':
      return mbFixed(Number(v));
    case 'int':
      return String(v);
    case 'time':
    case 'text':
      return csvField(String(v));
  }
}

export const csvHeader = (columns: readonly Column[]): string =>
  columns.map((c) => c.header).join(',');

/**
 * The report as a CSV stream (CRLF lines) that asks for the next page only when the consumer
 * has read the previous one (Readable.from pulls the generator on demand): memory holds one
 * page whatever the size.
 */
export function csvStream(source: ReportSource): Readable {
  const { columns } = source;
  async function* lines(): AsyncGenerator<string> {
    yield `${csvHeader(columns)}\r\n`;
    for await (const rows of source.pages()) {
      yield `${rows.map((r) => r.map((v, i) => csvCell(columns[i], v)).join(',')).join('\r\n')}\r\n`;
    }
  }
  return Readable.from(lines(), { objectMode: false, highWaterMark: 64 * 1024 });
}
