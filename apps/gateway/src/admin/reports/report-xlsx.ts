import { PassThrough, type Readable } from 'node:stream';

import { stream as excelStream } from 'exceljs';

import { mb, usd } from '../../common/units';
import type { Cell, Column, ReportSource } from './report-source';

const NUM_FMT: Partial<Record<Column['kind'], string>> = {
  usd: '0.000000',
  usdt: '0.000000',
  mb: '0.000',
  int: '0',
};

/** A cell as the workbook holds it: numbers as numbers (USD, USDT, MB), the rest as text. */
export function xlsxCell(c: Column, v: Cell): string | number {
  switch (c.kind) {
    case 'usd':
    case 'usdt':
      return usd(Number(v));
    case 'mb':
      return mb(Number(v));
    case 'int':
      return Number(v);
    case 'time':
    case 'text':
      return String(v);
  }
}

/**
 * The report as an XLSX stream written by exceljs's streaming WorkbookWriter: each row is
 * committed as its page arrives (nothing is kept once written) and the next page is asked for
 * only when the reply has taken what was written so far.
 */
export function xlsxStream(source: ReportSource): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const book = new excelStream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = book.addWorksheet(source.title);
  sheet.columns = source.columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: c.kind === 'time' ? 26 : Math.max(12, c.header.length + 2),
    style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : {},
  }));
  // Resolves once the writer may write again (a write that returned false has drained).
  const drained = () =>
    out.writableNeedDrain
      ? new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done).off('close', done);
            resolve();
          };
          out.on('drain', done).on('close', done);
        })
      : Promise.resolve();
  void (async () => {
    for await (const rows of source.pages()) {
      for (const r of rows) sheet.addRow(r.map((v, i) => xlsxCell(source.columns[i], v))).commit();
      // Let the zip writer flush this page and the reply take it before the next page.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await drained();
      if (out.destroyed) return;
    }
    sheet.commit();
    await book.commit();
  })().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
