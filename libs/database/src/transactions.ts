import type { DataSource, EntityManager } from 'typeorm';

/** Isolation a transaction may ask for (default READ COMMITTED). */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/**
 * The one way a service's business code opens a transaction: `run(work)` hands `work` the
 * transaction's EntityManager, which it passes to repositories (and to the outbox). Services
 * never hold the DataSource: reads and writes go through repositories, whose methods take the
 * manager of the transaction they belong to. ledger-svc wraps this rule in LedgerTransactions.
 */
export class Transactions {
  constructor(private readonly ds: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>, isolation?: Isolation): Promise<T> {
    return isolation ? this.ds.transaction(isolation, work) : this.ds.transaction(work);
  }
}
