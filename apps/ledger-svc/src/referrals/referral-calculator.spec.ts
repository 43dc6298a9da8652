import fc from 'fast-check';

import { userId, type UserId } from '@trafficshare/identity';

import {
  BP_DIVISOR,
  commissionsOf,
  pairKey,
  parseRates,
  payBeneficiaries,
  type Ancestor,
  type IncomeItem,
} from './referral-calculator';

const RATES = [1000, 500, 200];

/** Ancestors of every node of a forest given as parent links (node → parent). */
function ancestorsOf(parent: ReadonlyMap<UserId, UserId>, tiers: number): Map<UserId, Ancestor[]> {
  const out = new Map<UserId, Ancestor[]>();
  for (const node of parent.keys()) {
    const list: Ancestor[] = [];
    let at = parent.get(node);
    for (let tier = 1; at !== undefined && tier <= tiers; tier += 1) {
      list.push({ beneficiary: at, tier });
      at = parent.get(at);
    }
    out.set(node, list);
  }
  return out;
}

describe('referral calculator', () => {
  it('pays 10 %, 5 %, 2 % of a traffic income item to the three ancestors, nothing to a fourth', () => {
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((n) => userId(n));
    const parent = new Map<UserId, UserId>([
      [e, d],
      [d, c],
      [c, b],
      [b, a],
    ]);
    const items: IncomeItem[] = [{ transferId: 'income:1', source: e, amount: 1_000_000 }];
    const paid = payBeneficiaries(commissionsOf(items, ancestorsOf(parent, 3), RATES), new Map());
    expect(paid.map((p) => [p.beneficiary, p.sources[0].tier, p.amount])).toEqual([
      [b, 3, 20_000],
      [c, 2, 50_000],
      [d, 1, 100_000],
    ]);
  });

  it('rounds down per beneficiary, one payment for all sources, and carries the remainder', () => {
    const [a, b, c] = [userId(10), userId(11), userId(12)];
    const anc = new Map([
      [b, [{ beneficiary: a, tier: 1 }]],
      [c, [{ beneficiary: a, tier: 1 }]],
    ]);
    const first = payBeneficiaries(
      commissionsOf(
        [
          { transferId: 't1', source: b, amount: 15 },
          { transferId: 't2', source: c, amount: 4 },
        ],
        anc,
        RATES,
      ),
      new Map(),
    );
    // 1.5 + 0.4 = 1.9 → 1 paid, 0.9 carried; each source's exact share kept.
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ amount: 1, remainder: 9_000 });
    expect(first[0].sources.map((s) => [s.source, s.numerator])).toEqual([
      [b, 15_000n],
      [c, 4_000n],
    ]);
    expect(first[0].byTier.get(1)).toEqual({ earned: 1, income: 19 });
    const second = payBeneficiaries(
      commissionsOf([{ transferId: 't3', source: b, amount: 1 }], anc, RATES),
      new Map([[a, first[0].remainder]]),
    );
    expect(second[0]).toMatchObject({ amount: 1, remainder: 0 });
  });

  it('never pays a source to itself and skips zero income and tiers without a rate', () => {
    const a = userId(20);
    const anc = new Map([[a, [{ beneficiary: a, tier: 1 }]]]);
    expect(commissionsOf([{ transferId: 't', source: a, amount: 100 }], anc, RATES)).toEqual([]);
    const b = userId(21);
    const anc2 = new Map([[b, [{ beneficiary: a, tier: 4 }]]]);
    expect(commissionsOf([{ transferId: 't', source: b, amount: 100 }], anc2, RATES)).toEqual([]);
    const anc3 = new Map([[b, [{ beneficiary: a, tier: 1 }]]]);
    expect(commissionsOf([{ transferId: 't', source: b, amount: 0 }], anc3, RATES)).toEqual([]);
  });

  it('parses rates and refuses bad lists', () => {
    expect(parseRates('1000,500,200')).toEqual([1000, 500, 200]);
    expect(parseRates('2000')).toEqual([2000]);
    expect(() => parseRates('10,,2')).toThrow();
    expect(() => parseRates('10001')).toThrow();
    expect(() => parseRates('-1')).toThrow();
  });

  // Property: over a random forest and a random stream of income batches, what is paid plus what
  // is carried equals Σ rate(tier) × income exactly, and each income item yields exactly one
  // commission per ancestor within the tiers.
  it('pays Σ rate(tier) × income over random forests and income streams', () => {
    const forest = fc
      .integer({ min: 1, max: 25 })
      .chain((n) =>
        fc.tuple(
          fc.constant(n),
          fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: n, maxLength: n }),
        ),
      );
    const stream = fc.array(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5_000_000 })), { maxLength: 20 }),
      { maxLength: 15 },
    );
    const rates = fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(forest, stream, rates, ([n, parents], batches, ratesBp) => {
        // Node i's parent is an earlier node (so the graph is a forest, as first-login makes it).
        const parent = new Map<UserId, UserId>();
        parents.forEach((p, i) => {
          if (p !== undefined && i > 0) parent.set(userId(i + 1), userId((p % i) + 1));
        });
        const anc = ancestorsOf(parent, ratesBp.length);
        const remainders = new Map<UserId, number>();
        const paid = new Map<UserId, number>();
        const expectedNum = new Map<UserId, bigint>();
        const expectedPair = new Map<string, bigint>();
        const pairNum = new Map<string, bigint>();
        let commissions = 0;
        let expectedCommissions = 0;
        let seq = 0;
        for (const batch of batches) {
          const items: IncomeItem[] = batch.map(([who, amount]) => ({
            transferId: `income:${(seq += 1)}`,
            source: userId((who % n) + 1),
            amount,
          }));
          for (const it of items) {
            if (it.amount <= 0) continue;
            for (const a of anc.get(it.source) ?? []) {
              const rate = ratesBp[a.tier - 1];
              if (!rate) continue;
              expectedCommissions += 1;
              const n = BigInt(it.amount) * BigInt(rate);
              expectedNum.set(a.beneficiary, (expectedNum.get(a.beneficiary) ?? 0n) + n);
              const k = pairKey(a.beneficiary, it.source);
              expectedPair.set(k, (expectedPair.get(k) ?? 0n) + n);
            }
          }
          const items2 = commissionsOf(items, anc, ratesBp);
          commissions += items2.length;
          const keys = new Set(items2.map((c) => `${c.incomeTransferId}/${c.beneficiary}`));
          expect(keys.size).toBe(items2.length); // once per (item, ancestor)
          for (const p of payBeneficiaries(items2, remainders)) {
            expect(p.amount).toBeGreaterThanOrEqual(0);
            expect(p.remainder).toBeGreaterThanOrEqual(0);
            expect(BigInt(p.remainder)).toBeLessThan(BP_DIVISOR);
            expect([...p.byTier.values()].reduce((x, t) => x + t.earned, 0)).toBe(p.amount);
            remainders.set(p.beneficiary, p.remainder);
            paid.set(p.beneficiary, (paid.get(p.beneficiary) ?? 0) + p.amount);
            for (const s of p.sources) {
              const k = pairKey(p.beneficiary, s.source);
              pairNum.set(k, (pairNum.get(k) ?? 0n) + s.numerator);
            }
          }
        }
        expect(commissions).toBe(expectedCommissions);
        for (const [b, num] of expectedNum) {
          expect(BigInt(paid.get(b) ?? 0) * BP_DIVISOR + BigInt(remainders.get(b) ?? 0)).toBe(num);
        }
        expect(pairNum).toEqual(expectedPair);
      }),
      { numRuns: 300 },
    );
  });
});
