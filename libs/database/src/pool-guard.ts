import { AsyncLocalStorage } from 'node:async_hooks';

import type { DataSource } from 'typeorm';

const inTransaction = new AsyncLocalStorage<true>();

interface PgPool {
  connect(...args: unknown[]): unknown;
}

/**
 * Catches the pool-starvation deadlock: code inside `dataSource.transaction(work)` that asks the
 * pool for a second connection (a repository call without the transaction's manager). With as
 * many concurrent transactions as the pool has connections, each waits for a connection the
 * others hold, until the acquire timeout fails them all. `onViolation` gets the stack of the
 * offending acquire (services log it; tests fail on it).
 */
export function guardNestedAcquire(ds: DataSource, onViolation: (stack: string) => void): void {
  const driver = ds.driver as unknown as { master?: PgPool };
  const pool = driver.master;
  if (!pool || typeof pool.connect !== 'function') return;
  const connect = pool.connect.bind(pool);
  pool.connect = (...args: unknown[]) => {
    if (inTransaction.getStore()) onViolation(new Error('nested pool acquire').stack ?? '');
    return connect(...args);
  };
  const transaction = ds.transaction.bind(ds) as (...args: unknown[]) => Promise<unknown>;
  (ds as { transaction: unknown }).transaction = (...args: unknown[]) => {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const work = args[i] as (...a: unknown[]) => unknown;
      args[i] = (...a: unknown[]) => inTransaction.run(true, () => work(...a));
    }
    return transaction(...args);
  };
}
