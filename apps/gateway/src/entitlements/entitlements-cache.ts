import { Injectable } from '@nestjs/common';

export interface Entitlements {
  readonly version: number;
  readonly models: ReadonlySet<string>;
  /** ms epoch when the earliest subscription expires; 0 = none expires. */
  readonly validUntil: number;
  readonly cachedAt: number;
}

const MAX_ENTRIES = 50_000;
// Without a published version (Redis key missing) an entry is trusted this long at most.
const UNVERSIONED_TTL_MS = 30_000;

/** Per-instance cache of users' active models, keyed by telegram id and valid for one version. */
@Injectable()
export class EntitlementsCache {
  private readonly entries = new Map<string, Entitlements>();

  /** The entry when it still describes `currentVersion` and nothing in it expired. */
  fresh(
    sub: string,
    currentVersion: number | undefined,
    now = Date.now(),
  ): Entitlements | undefined {
    const e = this.entries.get(sub);
    if (!e) return undefined;
    if (e.validUntil !== 0 && e.validUntil <= now) return undefined;
    if (
      currentVersion === undefined
        ? now - e.cachedAt > UNVERSIONED_TTL_MS
        : e.version !== currentVersion
    )
      return undefined;
    return e;
  }

  set(sub: string, entry: Omit<Entitlements, 'cachedAt'>): Entitlements {
    const full = { ...entry, cachedAt: Date.now() };
    this.entries.delete(sub);
    this.entries.set(sub, full);
    // Map keeps insertion order: the first key is the least recently written.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return full;
  }
}
