import type { RiskHistory } from './risk.repository';

export interface RiskInput {
  readonly history: RiskHistory;
  readonly amountMicroUsd: number;
  /** The user's available balance, undefined when the ledger could not say. */
  readonly availableMicroUsd: number | undefined;
  /** Days since the account registered; undefined when payout-svc has not seen it register. */
  readonly accountAgeDays: number | undefined;
  /** Accounts younger than this many days are new. */
  readonly newAccountDays: number;
}

export interface RiskResult {
  readonly score: number;
  readonly factors: string[];
}

const WEIGHTS = {
  blacklisted_address: 100,
  address_used_by_other_accounts: 40,
  drains_balance: 25,
  new_account: 25,
  new_ip: 20,
  velocity: 20,
  new_device: 15,
  large_amount: 15,
} as const;

const LARGE_AMOUNT_MICRO = 50_000_000;

/** The request's risk score: the sum of the weights of the factors present (pure). */
export function riskScore(input: RiskInput): RiskResult {
  const h = input.history;
  const present: Array<keyof typeof WEIGHTS> = [];
  if (h.blacklisted) present.push('blacklisted_address');
  if (h.otherAccountsOnAddress > 0) present.push('address_used_by_other_accounts');
  if (
    input.availableMicroUsd !== undefined &&
    input.amountMicroUsd * 10 >= input.availableMicroUsd * 9
  )
    present.push('drains_balance');
  // Only a user with history can come from a new IP or device.
  if (h.priorRequests > 0 && !h.seenIp) present.push('new_ip');
  if (h.last24h >= 2) present.push('velocity');
  // An account whose registration was never seen is not counted as new (it predates the event).
  if (input.accountAgeDays !== undefined && input.accountAgeDays < input.newAccountDays)
    present.push('new_account');
  if (h.priorRequests > 0 && !h.seenAgent) present.push('new_device');
  if (input.amountMicroUsd >= LARGE_AMOUNT_MICRO) present.push('large_amount');
  return { score: present.reduce((s, f) => s + WEIGHTS[f], 0), factors: present };
}
