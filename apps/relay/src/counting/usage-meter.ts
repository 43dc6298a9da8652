import { randomUUID } from 'node:crypto';

import type {
  ApiKeyGrant,
  DeviceSession,
  KeyUsage,
  SessionUsage,
  UsageBatch,
  UsageSink,
} from '../access/authorities';
import { MemoryUsageJournal, type UsageJournal } from './usage-journal';

interface Budget {
  limit: number | null;
  /** What auth-svc knew at the last grant plus what this relay counted since. */
  used: number;
}

interface SessionCount {
  readonly session: DeviceSession;
  up: number;
  down: number;
}

/**
 * Counts relayed bytes per API key and per device session, enforces each key's limit, and
 * writes the counts out in batches. A batch is journaled before it is sent and dropped from the
 * journal once acknowledged; one that fails (or a previous process left unacknowledged) is
 * retried as the same batch (same id) before any new one, so the owners apply each batch once.
 */
export class UsageMeter {
  private readonly budgets = new Map<string, Budget>();
  private keyCounts = new Map<string, number>();
  private sessionCounts = new Map<string, SessionCount>();
  /** Journaled, not yet acknowledged, oldest first. */
  private backlog: UsageBatch[] = [];
  /** Cut from the counts, being journaled (in neither the counts nor the backlog yet). */
  private saving: UsageBatch | null = null;
  private readonly live = new Map<string, Set<() => void>>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly sink: UsageSink,
    private readonly journal: UsageJournal = new MemoryUsageJournal(),
  ) {}

  /** Takes over the batches a previous process journaled and never got acknowledged. */
  async restore(): Promise<number> {
    const left = await this.journal.load();
    const known = new Set(this.backlog.map((b) => b.batchId));
    this.backlog.unshift(...left.filter((b) => !known.has(b.batchId)));
    return left.length;
  }

  /** Takes a fresh grant into account; false when the key has no bytes left. */
  admit(grant: ApiKeyGrant): boolean {
    const local = (this.keyCounts.get(grant.keyId) ?? 0) + this.pendingBytes(grant.keyId);
    const budget = this.budgets.get(grant.keyId);
    const used = Math.max(budget?.used ?? 0, grant.usedBytes + local);
    this.budgets.set(grant.keyId, { limit: grant.limitBytes, used });
    return grant.limitBytes === null || used < grant.limitBytes;
  }

  /** Registers a live connection of a key; `cut` ends it when the key runs out. */
  track(keyId: string, cut: () => void): () => void {
    let set = this.live.get(keyId);
    if (!set) this.live.set(keyId, (set = new Set()));
    set.add(cut);
    return () => {
      set.delete(cut);
      if (set.size === 0 && this.live.get(keyId) === set) this.live.delete(keyId);
    };
  }

  /** Counts bytes relayed for a key through a device; cuts the key's connections at its limit. */
  count(keyId: string, session: DeviceSession, up: number, down: number): void {
    const bytes = up + down;
    if (bytes === 0) return;
    this.keyCounts.set(keyId, (this.keyCounts.get(keyId) ?? 0) + bytes);
    let counted = this.sessionCounts.get(session.sessionId);
    if (!counted)
      this.sessionCounts.set(session.sessionId, (counted = { session, up: 0, down: 0 }));
    counted.up += up;
    counted.down += down;
    const budget = this.budgets.get(keyId);
    if (!budget) return;
    budget.used += bytes;
    if (budget.limit !== null && budget.used >= budget.limit) {
      for (const cut of [...(this.live.get(keyId) ?? [])]) cut();
    }
  }

  /** Bytes counted and not yet written (gauge). */
  get unflushedBytes(): number {
    let total = 0;
    for (const bytes of this.keyCounts.values()) total += bytes;
    for (const batch of this.inWriting()) for (const k of batch.keys) total += k.bytes;
    return total;
  }

  /** Writes the pending batch (retrying a failed one first). Concurrent calls share one write. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Writes everything counted up to now: waits for a write in flight (its batch was cut
   *  before these bytes) and then writes again. */
  flushNow(): Promise<void> {
    const inFlight = this.flushing;
    return inFlight ? inFlight.catch(() => undefined).then(() => this.flush()) : this.flush();
  }

  private async write(): Promise<void> {
    await this.drain();
    if (this.keyCounts.size === 0 && this.sessionCounts.size === 0) return;
    // Cut the batch before the first await: bytes counted while the journal writes belong to
    // the next batch (taking the maps after the write would drop them).
    const keyCounts = this.keyCounts;
    const sessionCounts = this.sessionCounts;
    this.keyCounts = new Map();
    this.sessionCounts = new Map();
    const keys: KeyUsage[] = [...keyCounts].map(([keyId, bytes]) => ({ keyId, bytes }));
    const sessions: SessionUsage[] = [...sessionCounts.values()].map((c) => ({
      sessionId: c.session.sessionId,
      telegramId: c.session.telegramId,
      deviceId: c.session.deviceId,
      bytesUp: c.up,
      bytesDown: c.down,
    }));
    const batch: UsageBatch = { batchId: randomUUID(), keys, sessions };
    this.saving = batch;
    try {
      // Journaled first: from here the bytes are counted, whatever happens to this process.
      await this.journal.save(batch);
    } catch (error) {
      // Not journaled: the bytes go back to the counts and ride in the next batch.
      for (const k of keys)
        this.keyCounts.set(k.keyId, (this.keyCounts.get(k.keyId) ?? 0) + k.bytes);
      for (const c of sessionCounts.values()) {
        const now = this.sessionCounts.get(c.session.sessionId);
        if (now) {
          now.up += c.up;
          now.down += c.down;
        } else this.sessionCounts.set(c.session.sessionId, c);
      }
      throw error;
    } finally {
      this.saving = null;
    }
    this.backlog.push(batch);
    await this.drain();
  }

  /** Sends the backlog in order; each batch leaves the journal once acknowledged. */
  private async drain(): Promise<void> {
    while (this.backlog.length > 0) {
      const batch = this.backlog[0];
      await this.sink.record(batch);
      this.backlog.shift();
      await this.journal.remove(batch.batchId);
    }
  }

  /** Journaled batches not yet acknowledged (gauge). */
  get backlogBatches(): number {
    return this.backlog.length;
  }

  private inWriting(): UsageBatch[] {
    return this.saving ? [...this.backlog, this.saving] : this.backlog;
  }

  private pendingBytes(keyId: string): number {
    let bytes = 0;
    for (const batch of this.inWriting())
      for (const k of batch.keys) if (k.keyId === keyId) bytes += k.bytes;
    return bytes;
  }
}
