import type { UserId } from '@trafficshare/identity';

/** Rates are basis points: 1000 = 10 %. A commission numerator is micro-USD × bp. */
export const BP_DIVISOR = 10_000n;

/** One user's traffic income credit in a batch (the income item commissions are taken on). */
export interface IncomeItem {
  /** The income transfer that carried it (unique: the item's key). */
  readonly transferId: string;
  readonly source: UserId;
  /** Whole micro-USD credited to the source as traffic income. */
  readonly amount: number;
}

/** An ancestor of a source: `beneficiary` referred the source `tier` levels up (1 = direct). */
export interface Ancestor {
  readonly beneficiary: UserId;
  readonly tier: number;
}

/** One commission owed for one income item to one ancestor (before rounding). */
export interface CommissionItem {
  readonly incomeTransferId: string;
  readonly source: UserId;
  readonly beneficiary: UserId;
  readonly tier: number;
  readonly income: number;
  /** income × rate_bp (exact). */
  readonly numerator: bigint;
}

/** What one beneficiary is paid in a batch: one transfer, whatever the number of sources. */
export interface BeneficiaryPayment {
  readonly beneficiary: UserId;
  /** Whole micro-USD to pay now (rounded down). */
  readonly amount: number;
  /** Numerator carried to the beneficiary's next payment (< BP_DIVISOR). */
  readonly remainder: number;
  /** Per (source, tier): the exact numerator and the income it was taken on. */
  readonly sources: ReadonlyArray<{
    source: UserId;
    tier: number;
    numerator: bigint;
    income: number;
  }>;
  /** The amount split by tier (each tier its rounded-down share, the rest to the lowest tier). */
  readonly byTier: ReadonlyMap<number, { earned: number; income: number }>;
}

export const pairKey = (beneficiary: number, source: number): string => `${beneficiary}:${source}`;

/**
 * The commissions an income batch owes: for every income item, one per ancestor within the
 * configured tiers (`ratesBp[tier - 1]`), never to the source itself. Only traffic income goes
 * in: referral credits and bonuses are never income items, so nothing compounds.
 */
export function commissionsOf(
  items: readonly IncomeItem[],
  ancestors: ReadonlyMap<UserId, readonly Ancestor[]>,
  ratesBp: readonly number[],
): CommissionItem[] {
  const out: CommissionItem[] = [];
  for (const item of items) {
    if (item.amount <= 0) continue;
    const seen = new Set<UserId>();
    for (const a of ancestors.get(item.source) ?? []) {
      const rate = ratesBp[a.tier - 1];
      if (!rate || a.beneficiary === item.source || seen.has(a.beneficiary)) continue;
      seen.add(a.beneficiary);
      out.push({
        incomeTransferId: item.transferId,
        source: item.source,
        beneficiary: a.beneficiary,
        tier: a.tier,
        income: item.amount,
        numerator: BigInt(item.amount) * BigInt(rate),
      });
    }
  }
  return out;
}

/**
 * Rounds commissions per beneficiary: their numerators plus the carried remainder are divided
 * once and rounded DOWN; the rest is carried. Over time the beneficiary gets every whole
 * micro-USD of Σ rate × income, never more — and one transfer per batch, not one per source.
 */
export function payBeneficiaries(
  commissions: readonly CommissionItem[],
  remainders: ReadonlyMap<UserId, number>,
): BeneficiaryPayment[] {
  const byBeneficiary = new Map<UserId, CommissionItem[]>();
  for (const c of commissions) {
    const list = byBeneficiary.get(c.beneficiary) ?? [];
    list.push(c);
    byBeneficiary.set(c.beneficiary, list);
  }
  const out: BeneficiaryPayment[] = [];
  for (const [beneficiary, list] of byBeneficiary) {
    let num = BigInt(remainders.get(beneficiary) ?? 0);
    const sources = new Map<
      string,
      { source: UserId; tier: number; numerator: bigint; income: number }
    >();
    const tiers = new Map<number, { num: bigint; income: number }>();
    for (const c of list) {
      num += c.numerator;
      const k = pairKey(c.beneficiary, c.source);
      const s = sources.get(k) ?? { source: c.source, tier: c.tier, numerator: 0n, income: 0 };
      s.numerator += c.numerator;
      s.income += c.income;
      sources.set(k, s);
      const t = tiers.get(c.tier) ?? { num: 0n, income: 0 };
      t.num += c.numerator;
      t.income += c.income;
      tiers.set(c.tier, t);
    }
    const amount = num / BP_DIVISOR;
    const byTier = new Map<number, { earned: number; income: number }>();
    let assigned = 0n;
    const order = [...tiers.keys()].sort((a, b) => a - b);
    for (const tier of order) {
      const share = tiers.get(tier)!.num / BP_DIVISOR;
      assigned += share;
      byTier.set(tier, { earned: Number(share), income: tiers.get(tier)!.income });
    }
    byTier.get(order[0])!.earned += Number(amount - assigned);
    out.push({
      beneficiary,
      amount: Number(amount),
      remainder: Number(num % BP_DIVISOR),
      sources: [...sources.values()].sort((a, b) => a.source - b.source),
      byTier,
    });
  }
  return out.sort((a, b) => a.beneficiary - b.beneficiary);
}

/** "1000,500,200" → [1000, 500, 200]; each 0..10000 bp, at most 10 tiers. */
export function parseRates(raw: string): number[] {
  const parts = raw.split(',').map((s) => s.trim());
  const rates = parts.map(Number);
  if (
    parts.length === 0 ||
    parts.length > 10 ||
    rates.some((r, i) => parts[i] === '' || !Number.isInteger(r) || r < 0 || r > 10_000)
  )
    throw new Error(`"${raw}" is not a comma list of basis points (0..10000), at most 10 tiers`);
  return rates;
}

/** Masks a telegram id for another user's eyes: 599382114 → "•••2114". */
export const maskUserId = (id: number): string => `•••${String(id).slice(-4)}`;
