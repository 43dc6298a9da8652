import type { ValueTransformer } from 'typeorm';

/**
 * bigint columns come back from pg as strings. Micro-USD and milli-MB amounts stay far below
 * 2^53 (9 billion USD), so a JS number holds them exactly.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
