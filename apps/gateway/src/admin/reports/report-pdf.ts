import PDFDocument from 'pdfkit';

import { mbFixed, usdFixed } from '../../common/units';
import type { Column, ReportSource } from './report-source';

/** What the PDF shows: row count, the totals of the summed columns and the chart's series. */
export interface ReportSummary {
  readonly rows: number;
  readonly totals: ReadonlyArray<{ readonly column: Column; readonly value: number }>;
  /** Per UTC day (YYYY-MM-DD), oldest first. */
  readonly series: ReadonlyArray<{ readonly date: string; readonly value: number }>;
}

/** Thrown when a report has more rows than the format allows (the route answers 400). */
export class ReportTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the report has more than ${limit} rows`);
  }
}

/**
 * Reads the whole report once, keeping only totals and per-day sums (memory does not grow with
 * the row count); more than `limit` rows stops the read with ReportTooLarge.
 */
export async function summarize(source: ReportSource, limit: number): Promise<ReportSummary> {
  const sums = source.columns.map(() => 0);
  const perDay = new Map<string, number>();
  const { dateColumn, valueColumn } = source.chart;
  let rows = 0;
  for await (const page of source.pages()) {
    rows += page.length;
    if (rows > limit) throw new ReportTooLarge(limit);
    for (const r of page) {
      source.columns.forEach((c, i) => {
        if (c.total) sums[i] += Number(r[i]);
      });
      const day = String(r[dateColumn]).slice(0, 10);
      const v = valueColumn === undefined ? 1 : Number(r[valueColumn]);
      perDay.set(day, (perDay.get(day) ?? 0) + v);
    }
  }
  return {
    rows,
    totals: source.columns.flatMap((column, i) =>
      column.total ? [{ column, value: sums[i] }] : [],
    ),
    series: [...perDay.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([date, value]) => ({ date, value })),
  };
}

/** A summed or charted value as shown (USD and MB from their integer units). */
export function shown(kind: Column['kind'], v: number): string {
  switch (kind) {
    case 'usd':
    case 'usdt':
      return usdFixed(v);
    case 'mb':
      return mbFixed(v);
    case 'int':
    case 'text':
    case 'time':
      return String(v);
  }
}

export interface PdfMeta {
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  /** false: text streams stay readable (tests parse them back). */
  readonly compress?: boolean;
}

/**
 * The PDF: title, period, a totals table and a bar chart of the per-day series drawn with
 * pdfkit's vector API. pdfkit's document is a readable stream; the caller pipes it.
 */
export function renderPdf(
  source: ReportSource,
  s: ReportSummary,
  meta: PdfMeta,
): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: meta.compress ?? true,
    info: { Title: meta.title, Producer: 'TrafficShare', Creator: 'TrafficShare admin reports' },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('Helvetica-Bold').fontSize(20).text(meta.title, { width });
  doc.moveDown(0.3);
  doc.font('Helvetica').fontSize(10).fillColor('#444444');
  doc.text(`Period: ${meta.from} to ${meta.to} (UTC, end exclusive)`);
  doc.text(`Generated: ${meta.generatedAt}`);
  doc.moveDown(1).fillColor('#000000');

  // Totals table: one line per figure, label left, value right, ruled.
  doc.font('Helvetica-Bold').fontSize(12).text('Totals');
  doc.moveDown(0.3);
  const lines: Array<[string, string]> = [
    ['rows', String(s.rows)],
    ...s.totals.map((t): [string, string] => [t.column.header, shown(t.column.kind, t.value)]),
  ];
  doc.font('Helvetica').fontSize(10);
  for (const [label, value] of lines) {
    const y = doc.y;
    doc.text(label, left, y, { width: width / 2 });
    doc.text(value, left + width / 2, y, { width: width / 2, align: 'right' });
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + width, doc.y + 2)
      .lineWidth(0.5)
      .strokeColor('#cccccc')
      .stroke();
    doc.moveDown(0.4);
  }

  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text(source.chart.label, left);
  drawBarChart(doc, s, source, left, doc.y + 10, width, 220);
  return doc;
}

function drawBarChart(
  doc: PDFKit.PDFDocument,
  s: ReportSummary,
  source: ReportSource,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const kind =
    source.chart.valueColumn === undefined ? 'int' : source.columns[source.chart.valueColumn].kind;
  const axisW = 60;
  const plotX = x + axisW;
  const plotW = w - axisW;
  const max = Math.max(0, ...s.series.map((p) => p.value));
  const min = Math.min(0, ...s.series.map((p) => p.value));
  const range = max - min || 1;
  const yOf = (v: number) => y + h - ((v - min) / range) * h;

  // Axes and the zero line.
  doc.lineWidth(1).strokeColor('#000000');
  doc
    .moveTo(plotX, y)
    .lineTo(plotX, y + h)
    .lineTo(plotX + plotW, y + h)
    .stroke();
  doc.font('Helvetica').fontSize(8).fillColor('#000000');
  doc.text(shown(kind, max), x, y - 4, { width: axisW - 4, align: 'right' });
  doc.text(shown(kind, min), x, y + h - 4, { width: axisW - 4, align: 'right' });
  if (min < 0) {
    doc
      .moveTo(plotX, yOf(0))
      .lineTo(plotX + plotW, yOf(0))
      .strokeColor('#888888')
      .stroke();
  }

  if (s.series.length === 0) {
    doc.text('No rows in this period', plotX, y + h / 2, { width: plotW, align: 'center' });
    return;
  }
  const slot = plotW / s.series.length;
  const barW = Math.max(1, slot * 0.7);
  s.series.forEach((p, i) => {
    const top = yOf(Math.max(0, p.value));
    const bottom = yOf(Math.min(0, p.value));
    doc
      .rect(plotX + i * slot + (slot - barW) / 2, top, barW, Math.max(0.5, bottom - top))
      .fill('#2f6fdf');
  });
  doc.fillColor('#000000');
  const first = s.series[0].date;
  const last = s.series[s.series.length - 1].date;
  doc.text(first, plotX, y + h + 4, { width: plotW / 2, align: 'left' });
  if (last !== first)
    doc.text(last, plotX + plotW / 2, y + h + 4, { width: plotW / 2, align: 'right' });
}
