import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { ledger } from '@trafficshare/contracts';

import { csvField, csvHeader, csvStream } from './report-csv';
import { keysetPages, type ReportSource } from './report-source';
import { TRANSACTION_COLUMNS, transactionRow, USER_COLUMNS, userRow } from './report-sources';

const CSV_HEADER = csvHeader(TRANSACTION_COLUMNS);

/** A report over a fake keyset RPC (the page fetcher gets `after`, returns items and next). */
function transactionsSource(
  fetch: (after: string) => Promise<{ transactions: ledger.Transfer[]; next: string }>,
): ReportSource {
  return {
    name: 'transactions',
    title: 'Transactions',
    columns: TRANSACTION_COLUMNS,
    chart: { label: 'x', dateColumn: 0, valueColumn: 5 },
    pages: () =>
      keysetPages(async (after) => {
        const r = await fetch(after);
        return { items: r.transactions, next: r.next };
      }, transactionRow),
  };
}

const tx = (i: number): ledger.Transfer => ({
  transferId: `income-${i}`,
  telegramId: 7_000_000 + (i % 1000),
  kind: ledger.TransferKind.TRANSFER_KIND_INCOME,
  status: ledger.TransferStatus.TRANSFER_STATUS_POSTED,
  amountMicroUsd: 1_831 + i,
  debitAccount: 'traffic_expense:0',
  creditAccount: `user_available:${i % 1000}`,
  pendingId: '',
  reference: `report-${i}`,
  note: 'Traffic income',
  milliMb: 12_500,
  createdAt: new Date(1_790_000_000_000 + i).toISOString(),
});

describe('report CSV stream', () => {
  it('quotes fields and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('plain')).toBe('plain');
  });

  it('writes the transactions header, fixed-point money and traffic, and CRLF lines', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString('utf8');
        done();
      },
    });
    await pipeline(
      csvStream(
        transactionsSource((after) =>
          Promise.resolve(
            after === ''
              ? { transactions: [tx(0), tx(1)], next: 'p2' }
              : { transactions: [tx(2)], next: '' },
          ),
        ),
      ),
      sink,
    );
    const lines = out.split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines[1]).toBe(
      `${tx(0).createdAt},income-0,7000000,income,posted,0.001831,12.500,traffic_expense:0,user_available:0,report-0,Traffic income`,
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
  });

  it('a users report pages through its RPC the same way (the source, not the writer, differs)', async () => {
    const pages: Record<string, { users: Array<Parameters<typeof userRow>[0]>; next: string }> = {
      '': {
        users: [
          {
            telegramId: 1,
            username: '=cmd',
            firstName: 'A, B',
            role: 1,
            banned: false,
            banReason: '',
            lastLogin: '',
            lastLoginDevice: '',
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        ],
        next: 'c1',
      },
      c1: { users: [], next: '' },
    };
    const source: ReportSource = {
      name: 'users',
      title: 'Users',
      columns: USER_COLUMNS,
      chart: { label: 'x', dateColumn: 0 },
      pages: () =>
        keysetPages((after) => {
          const p = pages[after];
          return Promise.resolve({ items: p.users, next: p.next });
        }, userRow),
    };
    let out = '';
    await pipeline(
      csvStream(source),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          out += chunk.toString('utf8');
          done();
        },
      }),
    );
    expect(out).toBe(
      `${csvHeader(USER_COLUMNS)}\r\n2026-01-01T00:00:00.000Z,1,'=cmd,"A, B",user,no,,\r\n`,
    );
  });

  it('1,000,000 rows stream through with a flat heap (pages fetched on demand)', async () => {
    const TOTAL = 1_000_000;
    const PAGE = 2_000;
    let served = 0;
    let fetched = 0;
    let lines = 0;
    let maxAhead = 0;
    const source = (after: string) => {
      fetched += 1;
      const start = after === '' ? 0 : Number(after);
      // Rows fetched but not yet taken by the consumer: backpressure keeps this to a page or two.
      maxAhead = Math.max(maxAhead, start - Math.max(0, lines - 1));
      const n = Math.min(PAGE, TOTAL - start);
      served += n;
      const rows = Array.from({ length: n }, (_, k) => tx(start + k));
      return Promise.resolve({
        transactions: rows,
        next: start + n < TOTAL ? String(start + n) : '',
      });
    };
    // Sample the heap after a full GC so the figure is what the stream retains, not garbage
    // the collector has not reached yet (jest runs without --expose-gc).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let chunks = 0;
    let head = '';
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        const s = chunk.toString('utf8');
        if (head === '') head = s.slice(0, CSV_HEADER.length);
        bytes += chunk.length;
        for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lines += 1;
        chunks += 1;
        if (chunks % 500 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
        // A slow consumer: the stream must wait for it instead of buffering pages.
        setImmediate(done);
      },
    });
    await pipeline(csvStream(transactionsSource(source)), sink);
    expect(head).toBe(CSV_HEADER);
    expect(lines).toBe(TOTAL + 1);
    expect(served).toBe(TOTAL);
    expect(fetched).toBe(TOTAL / PAGE);
    expect(bytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(maxAhead).toBeLessThanOrEqual(3 * PAGE);
    // ~140 MB of CSV went through; what the heap retains grew by at most a few pages' worth.
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  }, 180_000);
});
