export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** limit in 1..max (default when 0), offset ≥ 0. */
export function page(limit: number, offset: number, max = 100, fallback = 20): Page {
  const l = limit > 0 ? Math.min(limit, max) : fallback;
  return { limit: l, offset: Math.max(0, offset) };
}
