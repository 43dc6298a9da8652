/**
 * How the server counts MB (authoritative):
 * - a report's delta is clamped to [0, MAX_REPORT_MB];
 * - a session is never credited more than MAX_SPEED_MB_S × its age (server clock, from START
 *   to now) + COUNT_BURST_MB; a report is counted as min(delta, what that budget has left).
 * The budget is order-independent: reordered or late reports are counted the same way, and a
 * client cannot inflate its count by sending reports faster than time passes.
 */
export interface CountingRules {
  readonly maxSpeedMbS: number;
  readonly burstMb: number;
  readonly maxReportMb: number;
}

export function sessionBudgetMilliMb(rules: CountingRules, startedAt: Date, now: Date): number {
  const ageS = Math.max(0, (now.getTime() - startedAt.getTime()) / 1000);
  return Math.floor(rules.maxSpeedMbS * 1000 * ageS) + rules.burstMb * 1000;
}

/** What the server counts for one report, given what the session has been credited so far. */
export function countReport(
  rules: CountingRules,
  deltaMilliMb: number,
  budgetMilliMb: number,
  countedSoFar: number,
): number {
  const delta = Math.min(Math.max(0, deltaMilliMb), rules.maxReportMb * 1000);
  return Math.max(0, Math.min(delta, budgetMilliMb - countedSoFar));
}
