import { ledgerNames, type ledger } from '@trafficshare/contracts';

/** Micro-USD as a JSON number (n / 1e6 prints as the exact decimal, 6 places at most). */
export const usd = (micro: number): number => micro / 1_000_000;
/** Thousandths of a MB as a JSON number (3 places at most). */
export const mb = (milliMb: number): number => milliMb / 1_000;

/** USD number → micro-USD, refusing more than 6 decimals (exact money, no float drift). */
export function toMicro(value: number): number | undefined {
  const micro = Math.round(value * 1_000_000);
  return Number.isSafeInteger(micro) && Math.abs(micro - value * 1_000_000) < 1e-6
    ? micro
    : undefined;
}

/** A decimal rate string × micro-USD, rounded down to the micro unit. */
export function convert(micro: number, rate: string): number {
  const [whole, frac = ''] = rate.split('.');
  const rateMicro = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
  return Number((BigInt(micro) * rateMicro) / 1_000_000n);
}

const STATUS: Record<string, string> = {
  pending: 'pending',
  posted: 'completed',
  voided: 'failed',
};

export function transactionJson(t: ledger.Transfer): Record<string, unknown> {
  const kind = ledgerNames.transferKind.toNameOr(t.kind, '');
  const status = ledgerNames.transferStatus.toNameOr(t.status, '');
  return {
    id: t.transferId,
    type: kind,
    amount_usd: usd(t.amountMicroUsd),
    status: kind === 'withdraw' ? (STATUS[status] ?? status) : 'completed',
    mb: t.milliMb ? mb(t.milliMb) : null,
    reference: t.reference || null,
    note: t.note || null,
    created_at: t.createdAt,
  };
}

/** Signed "+0.15" / "-0.10" from micro-USD. */
export function changeString(micro: number): string {
  const abs = Math.abs(micro);
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${micro < 0 ? '-' : '+'}${Math.floor(abs / 1_000_000)}.${frac}`;
}

export function priceJson(p: ledger.DailyPrice | undefined): Record<string, unknown> {
  const price = p?.pricePerGbMicroUsd ?? 0;
  const previous = p?.previousPricePerGbMicroUsd ?? 0;
  return {
    date: p?.date ?? '',
    price_per_gb: usd(price),
    message: p?.message ?? '',
    change: changeString(previous > 0 ? price - previous : 0),
  };
}
