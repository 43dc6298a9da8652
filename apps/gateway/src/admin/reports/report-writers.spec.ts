import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import ExcelJS from 'exceljs';

import { readPdf } from '@trafficshare/testing';

import { renderPdf, ReportTooLarge, summarize } from './report-pdf';
import type { ReportSource, Row } from './report-source';
import { DAILY_COLUMNS, WITHDRAW_COLUMNS } from './report-sources';
import { xlsxStream } from './report-xlsx';

const collect = async (stream: NodeJS.ReadableStream): Promise<Buffer> => {
  const parts: Buffer[] = [];
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(parts);
};

/** A withdrawals report of `n` rows in pages of `page`, one withdrawal per hour from Jan 1st. */
function withdraws(n: number, page = 500): ReportSource & { fetched: () => number } {
  let fetched = 0;
  return {
    name: 'withdraws',
    title: 'Withdrawals',
    columns: WITHDRAW_COLUMNS,
    chart: { label: 'Withdrawn (USD) per day', dateColumn: 0, valueColumn: 4 },
    fetched: () => fetched,
    async *pages() {
      for (let start = 0; start < n; start += page) {
        fetched += 1;
        await Promise.resolve();
        yield Array.from({ length: Math.min(page, n - start) }, (_, k): Row => {
          const i = start + k;
          return [
            new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
            `w-${i}`,
            7_000_000 + i,
            i % 2 ? 'completed' : 'failed',
            5_000_000 + i,
            100_000,
            4_900_000 + i,
            'BEP20',
            `0x${'ab'.repeat(20)}`,
            '',
            '',
            i === 0 ? '=1+1' : '',
          ];
        });
      }
    },
  };
}

describe('report writers', () => {
  it('XLSX: the streamed workbook parses back with every row, numbers as numbers', async () => {
    const source = withdraws(2_345);
    const buf = await collect(xlsxStream(source));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buf as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Withdrawals');
    expect(sheet.rowCount).toBe(2_346);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(
      WITHDRAW_COLUMNS.map((c) => c.header),
    );
    const first = sheet.getRow(2).values as unknown[];
    expect(first.slice(1, 8)).toEqual([
      '2026-01-01T00:00:00.000Z',
      'w-0',
      7_000_000,
      'failed',
      5,
      0.1,
      4.9,
    ]);
    // Text stays text: a formula-looking value is not a formula in the workbook.
    expect(first[12]).toBe('=1+1');
    expect(sheet.getRow(2_346).getCell(2).value).toBe('w-2344');
    expect(sheet.getRow(2_346).getCell(5).value).toBe(5.002344);
    expect(source.fetched()).toBe(5);
  });

  it('PDF: header, one page, the title, period, totals and one bar per day', async () => {
    const source = withdraws(72); // three days of hourly rows
    const summary = await summarize(source, 1_000);
    expect(summary.rows).toBe(72);
    expect(summary.series.map((p) => p.date)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    const doc = renderPdf(source, summary, {
      title: 'TrafficShare: Withdrawals',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-04T00:00:00Z',
      generatedAt: '2026-01-05T00:00:00Z',
    });
    doc.end();
    const pdf = readPdf(await collect(doc));
    expect(pdf.header).toMatch(/^%PDF-1\.\d$/);
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('TrafficShare: Withdrawals');
    expect(pdf.text).toContain('Period: 2026-01-01T00:00:00Z to 2026-01-04T00:00:00Z');
    // amount_usd total: 72 × 5 USD + (0 + … + 71) micro-USD.
    expect(pdf.text).toContain(
      `amount_usd\n${((72 * 5_000_000 + (71 * 72) / 2) / 1e6).toFixed(6)}`,
    );
    expect(pdf.text).toContain('rows\n72');
    expect(pdf.filledRects).toBe(3);
  });

  it('PDF: a report over the limit stops reading at the first page past it', async () => {
    const source = withdraws(10_000, 100);
    await expect(summarize(source, 250)).rejects.toBeInstanceOf(ReportTooLarge);
    expect(source.fetched()).toBe(3);
  });

  it('PDF: a daily report with negative and empty days still draws (no bars for an empty report)', async () => {
    const empty: ReportSource = {
      name: 'daily',
      title: 'Daily totals',
      columns: DAILY_COLUMNS,
      chart: { label: 'Credited', dateColumn: 0, valueColumn: 5 },
      // eslint-disable-next-line require-yield
      async *pages() {
        return;
      },
    };
    const summary = await summarize(empty, 10);
    const doc = renderPdf(empty, summary, { title: 'Empty', from: 'a', to: 'b', generatedAt: 'c' });
    doc.end();
    const pdf = readPdf(await collect(doc));
    expect(pdf.text).toContain('No rows in this period');
    expect(pdf.filledRects).toBe(0);
  });
});
