import type { SessionRow } from '../common/session-row';

export interface QualityReview {
  readonly score: number;
  readonly interruptions: number;
  readonly missingReports: number;
  readonly milliMbPerMinute: number;
  readonly speedStability: number;
}

/** MB per minute that earns the full throughput share of the score (0.5 MB/s). */
const TARGET_MB_PER_MINUTE = 30;

/**
 * Session quality 0..100 from interruptions, MB per time and speed stability:
 * 40 × continuity (share of reports that arrived, divided by 1 + interruptions)
 * + 30 × stability (1 − coefficient of variation of the reported speeds, floored at 0)
 * + 30 × throughput (MB per minute against 30 MB/min, capped at 1).
 */
export function reviewSession(row: SessionRow, durationS: number): QualityReview {
  const reports = row.report_count;
  const maxSeq = Math.max(Number(row.max_seq), reports);
  const missing = Math.max(0, maxSeq - reports);
  const continuity = maxSeq === 0 ? 0 : reports / maxSeq / (1 + row.interruptions);
  let stability = 0;
  if (reports > 0) {
    const mean = row.speed_sum / reports;
    const variance = Math.max(0, row.speed_sq_sum / reports - mean * mean);
    stability = mean > 0 ? Math.max(0, 1 - Math.sqrt(variance) / mean) : 0;
  }
  const minutes = Math.max(durationS / 60, 1 / 60);
  const milliMbPerMinute = Math.round(Number(row.server_counted_milli_mb) / minutes);
  const throughput = Math.min(1, milliMbPerMinute / 1000 / TARGET_MB_PER_MINUTE);
  const score = Math.round(40 * continuity + 30 * stability + 30 * throughput);
  return {
    score: Math.max(0, Math.min(100, score)),
    interruptions: row.interruptions,
    missingReports: missing,
    milliMbPerMinute,
    speedStability: Math.round(stability * 1000) / 1000,
  };
}
