/**
 * Group commit: callers `submit` items; items that arrive while a flush is running (or within
 * `waitMs` of the first) are written together by one `flush` call — one transaction for many
 * reports — and every caller gets its own result once that transaction has committed.
 */
export interface GroupCommitOptions<I, R> {
  readonly maxBatch: number;
  readonly waitMs: number;
  readonly concurrency: number;
  /** Writes a batch; resolves with one result per item, in order. Throwing fails every item. */
  readonly flush: (items: readonly I[]) => Promise<R[]>;
}

interface Pending<I, R> {
  readonly item: I;
  readonly resolve: (r: R) => void;
  readonly reject: (e: unknown) => void;
}

export class GroupCommitter<I, R> {
  private queue: Pending<I, R>[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private idle: Array<() => void> = [];

  constructor(private readonly options: GroupCommitOptions<I, R>) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  submitAll(items: readonly I[]): Promise<R[]> {
    return Promise.all(items.map((i) => this.submit(i)));
  }

  get pending(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves once everything submitted so far has been flushed. */
  async drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((r) => this.idle.push(r));
  }

  private schedule(): void {
    if (this.inFlight >= this.options.concurrency) return;
    if (this.queue.length >= this.options.maxBatch || this.options.waitMs === 0) {
      this.start();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, this.options.waitMs);
  }

  private start(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<I, R>[]): Promise<void> {
    try {
      const results = await this.options.flush(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight -= 1;
      // Whatever queued up meanwhile goes at once: it has already waited for company.
      if (this.queue.length > 0) this.start();
      else if (this.inFlight === 0) for (const r of this.idle.splice(0)) r();
    }
  }
}
