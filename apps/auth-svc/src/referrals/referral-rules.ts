import { randomInt } from 'node:crypto';

/** Code alphabet: lower-case letters and digits without look-alikes (0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const CODE_LENGTH = 8;
const CODE = /^[a-z0-9]{4,16}$/;

export function newReferralCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * The referral code a login carries: Mini App `start_param` / bot `/start` payload `ref_<code>`,
 * or the web link's bare code. Anything else (other start params, bad characters) is no code.
 */
export function referralCodeOf(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const value = raw.trim().toLowerCase();
  const code = value.startsWith('ref_') ? value.slice(4) : value;
  return CODE.test(code) ? code : null;
}

export type AttributionRefusal = 'self' | 'unknown_code' | 'not_first_login';
export type NotCountedReason = 'same_ip' | 'daily_cap';

export interface AttributionFacts {
  readonly firstLogin: boolean;
  readonly userId: number;
  /** Owner of the code (null: no such code). */
  readonly referrerId: number | null;
  /** The referrer's login history has the new user's login IP. */
  readonly sameIp: boolean;
  /** Counted referrals the referrer already has today (UTC). */
  readonly countedToday: number;
  readonly dailyCap: number;
}

export type AttributionDecision =
  | { readonly kind: 'refused'; readonly reason: AttributionRefusal }
  | { readonly kind: 'counted' }
  | { readonly kind: 'not_counted'; readonly reason: NotCountedReason };

/**
 * Attribution rules, in order: only a first login attributes (later logins never do, so a
 * referrer can't be re-parented and no cycle can form); the code must exist and not be the user's
 * own; then fraud rules decide whether the relationship is counted (paid): same IP as the
 * referrer's logins → not counted; the referrer's daily cap reached → not counted.
 */
export function decideAttribution(f: AttributionFacts): AttributionDecision {
  if (!f.firstLogin) return { kind: 'refused', reason: 'not_first_login' };
  if (f.referrerId === null) return { kind: 'refused', reason: 'unknown_code' };
  if (f.referrerId === f.userId) return { kind: 'refused', reason: 'self' };
  if (f.sameIp) return { kind: 'not_counted', reason: 'same_ip' };
  if (f.countedToday >= f.dailyCap) return { kind: 'not_counted', reason: 'daily_cap' };
  return { kind: 'counted' };
}

/** "Alisher" → "Al***"; empty → "***". Never the full name. */
export function maskName(firstName: string): string {
  const chars = [...firstName.trim()];
  return `${chars.slice(0, Math.min(2, Math.max(0, chars.length - 1))).join('')}***`;
}
