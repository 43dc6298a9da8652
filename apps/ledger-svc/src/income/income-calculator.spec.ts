import { userId } from '@trafficshare/identity';

import { PriceBook } from '../pricing/price-book';
import { computeCredits, priceReports, type ReportToCredit } from './income-calculator';

const at = (iso: string) => new Date(iso);
const reportFactory = (over: Partial<ReportToCredit> = {}): ReportToCredit => ({
  sessionId: 's1',
  seq: 1,
  telegramId: userId(1),
  milliMb: 1_024_000,
  countedAt: at('2025-11-02T10:00:00Z'),
  ...over,
});

describe(computeCredits.name, () => {
  const book = new PriceBook(
    [
      { id: 1, date: '2025-11-01', pricePerGb: 1_500_000, effectiveAt: at('2025-11-01T00:00:00Z') },
      { id: 2, date: '2025-11-02', pricePerGb: 1_650_000, effectiveAt: at('2025-11-02T00:00:00Z') },
      // Edited at noon: MB counted before noon keep the morning price.
      { id: 3, date: '2025-11-02', pricePerGb: 2_000_000, effectiveAt: at('2025-11-02T12:00:00Z') },
    ],
    1_000_000,
  );

  it('prices each report by the price in force when it was counted', () => {
    expect(book.at(at('2025-10-31T23:59:59Z')).pricePerGb).toBe(1_000_000);
    expect(book.at(at('2025-11-01T23:59:59.999Z')).pricePerGb).toBe(1_500_000);
    expect(book.at(at('2025-11-02T00:00:00Z')).pricePerGb).toBe(1_650_000);
    expect(book.at(at('2025-11-02T11:59:59Z')).pricePerGb).toBe(1_650_000);
    expect(book.at(at('2025-11-02T12:00:00Z')).pricePerGb).toBe(2_000_000);
    expect(book.at(at('2025-11-05T00:00:00Z')).pricePerGb).toBe(2_000_000);
  });

  it('1 GB at $1.65 is exactly $1.65; one transfer per user; sums split by day', () => {
    const priced = priceReports(
      [
        reportFactory({ seq: 1, countedAt: at('2025-11-01T23:59:00Z') }),
        reportFactory({ seq: 2, countedAt: at('2025-11-02T00:01:00Z') }),
        reportFactory({ seq: 3, telegramId: userId(2), milliMb: 512_000 }),
      ],
      book,
    );
    const [u1, u2] = computeCredits(priced, new Map());
    expect(u1).toMatchObject({
      telegramId: 1,
      amount: 3_150_000,
      remainder: 0,
      milliMb: 2_048_000,
      reportCount: 2,
      lastPricePerGb: 1_650_000,
    });
    expect([...u1.byDay]).toEqual([
      ['2025-11-01', { milliMb: 1_024_000, earned: 1_500_000 }],
      ['2025-11-02', { milliMb: 1_024_000, earned: 1_650_000 }],
    ]);
    expect(u2).toMatchObject({ telegramId: 2, amount: 825_000 });
  });

  it('never credits more than earned: rounds down and carries the remainder', () => {
    const priced = priceReports(
      [reportFactory({ milliMb: 1 }), reportFactory({ seq: 2, milliMb: 1 })],
      book,
    );
    const [first] = computeCredits(priced, new Map());
    // 2 × 1,650,000 / 1,024,000 = 3.22… micro-USD
    expect(first).toMatchObject({ amount: 3, remainder: 3_300_000 - 3 * 1_024_000 });
    const [next] = computeCredits(
      priceReports([reportFactory({ seq: 3, milliMb: 1 })], book),
      new Map([[userId(1), first.remainder]]),
    );
    expect(next.amount * 1_024_000 + next.remainder).toBe(1_650_000 + first.remainder);
    expect(first.amount + next.amount).toBe(Math.floor((3 * 1_650_000) / 1_024_000));
  });
});
