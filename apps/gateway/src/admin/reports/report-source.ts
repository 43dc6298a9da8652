/** The reports the export route can produce. */
export const REPORT_NAMES = ['transactions', 'users', 'sessions', 'withdraws', 'daily'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/**
 * How a column's cells are held and written. Money and traffic stay integers (micro-USD,
 * micro-USDT, thousandths of a MB) until a writer formats them, so totals are exact.
 */
export type ColumnKind = 'text' | 'time' | 'int' | 'usd' | 'usdt' | 'mb';

export interface Column {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Summed into the report's totals (PDF totals table). */
  readonly total?: boolean;
}

/** One row: a string for text/time columns, an integer for the numeric kinds. */
export type Cell = string | number;
export type Row = readonly Cell[];

/** What the PDF charts: per UTC day of `dateColumn`, the sum of `valueColumn` (or a row count). */
export interface ChartSpec {
  readonly label: string;
  readonly dateColumn: number;
  readonly valueColumn?: number;
}

/**
 * A report as the writers see it: its columns and its rows, page by page. `pages()` asks the
 * owning service for the next page only when the previous one has been consumed (an async
 * generator is pulled on demand), so memory holds one page whatever the report's size.
 */
export interface ReportSource {
  readonly name: ReportName;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly chart: ChartSpec;
  pages(): AsyncGenerator<readonly Row[]>;
}

/** A keyset-paged RPC: one page after `after` ('' = first); `next` '' ends the report. */
export type PageFetcher<T> = (after: string) => Promise<{ items: readonly T[]; next: string }>;

/** The pages of a keyset-paged RPC as rows. */
export async function* keysetPages<T>(
  fetch: PageFetcher<T>,
  toRow: (item: T) => Row,
): AsyncGenerator<readonly Row[]> {
  let after = '';
  do {
    const page = await fetch(after);
    if (page.items.length > 0) yield page.items.map(toRow);
    after = page.next;
  } while (after !== '');
}
