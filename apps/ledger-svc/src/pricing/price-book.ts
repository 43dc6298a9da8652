import { utcDay } from '../common/dates';

export interface Revision {
  readonly id: number;
  /** YYYY-MM-DD */
  readonly date: string;
  readonly pricePerGb: number;
  readonly effectiveAt: Date;
}

export interface PriceInForce {
  readonly pricePerGb: number;
  /** The date whose setting applies ('' = the configured default). */
  readonly date: string;
  readonly revisionId: number;
}

/**
 * The price in force at an instant: among revisions of dates up to the instant's UTC day that
 * had taken effect by then, the one of the latest date (and, for one date, the latest edit).
 * A revision takes effect at max(its date's midnight, when it was written), so an edit never
 * reprices MB counted before it, and a price set ahead of time starts at its midnight.
 */
export class PriceBook {
  private readonly revisions: readonly Revision[];

  constructor(
    revisions: readonly Revision[],
    private readonly defaultPricePerGb: number,
  ) {
    this.revisions = [...revisions].sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.effectiveAt.getTime() - b.effectiveAt.getTime() ||
        a.id - b.id,
    );
  }

  at(instant: Date): PriceInForce {
    const day = utcDay(instant);
    const t = instant.getTime();
    let best: Revision | undefined;
    for (const r of this.revisions) {
      if (r.date > day) break;
      if (r.effectiveAt.getTime() <= t) best = r;
    }
    return best
      ? { pricePerGb: best.pricePerGb, date: best.date, revisionId: best.id }
      : { pricePerGb: this.defaultPricePerGb, date: '', revisionId: 0 };
  }

  /** The price in force at the last instant of a UTC day (history, "previous day"). */
  endOfDay(day: string): PriceInForce {
    return this.at(new Date(new Date(`${day}T00:00:00.000Z`).getTime() + 86_400_000 - 1));
  }
}
