/**
 * One-at-a-time per key inside this process. A user's request checks also take a Postgres
 * advisory lock (correct across replicas); queueing here first keeps a burst of one user's
 * requests from holding every pooled connection while they wait for that lock.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.tails.set(key, next);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }
  }
}
