import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import type { EventMessage, EventType, Outbox } from '@trafficshare/messaging';
import { DATA_SOURCE, OUTBOX } from '@trafficshare/service-kit';

/**
 * One money movement in progress: the transaction every write of the ledger runs in. Its
 * repositories get `manager`; its events go to the outbox with `emit` (they commit or roll back
 * with the movement); what leaves the database (live messages, metrics) waits in `afterCommit`
 * and is dropped on rollback. See apps/ledger-svc/README.md, "Writing to the ledger".
 */
export interface LedgerTx {
  /** The transaction's EntityManager, for repositories only. */
  readonly manager: EntityManager;
  /** Adds a domain event to the outbox in this transaction. */
  emit<T extends EventType>(type: T, message: EventMessage<T>): Promise<void>;
  /** Runs `cb` once this transaction has committed (never when it rolls back). */
  afterCommit(cb: () => void): void;
}

/** Isolation a transaction may ask for (default READ COMMITTED). */
export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

type Callback = () => void;

const pending = new WeakMap<QueryRunner, Callback[]>();

/** Runs the callbacks queued for a transaction once it commits (dropped on rollback). */
class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: { queryRunner: QueryRunner }): void {
    const callbacks = pending.get(event.queryRunner);
    pending.delete(event.queryRunner);
    for (const cb of callbacks ?? []) cb();
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    pending.delete(event.queryRunner);
  }
}

const installed = new WeakSet<DataSource>();

/**
 * The one way ledger-svc opens a transaction: every write path (transfers, credits, income
 * batches, promo activations, prices, refreshes, admin adjustments) goes through `run`, or `join`
 * when the event consumer already opened the transaction that holds its inbox row. Reads outside
 * a movement go through repository methods that default to the data source's manager. Services
 * never touch the DataSource or the outbox themselves.
 */
@Injectable()
export class LedgerTransactions {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {
    if (!installed.has(ds)) {
      installed.add(ds);
      ds.subscribers.push(new AfterCommitSubscriber());
    }
  }

  /** Runs `work` in a new transaction (READ COMMITTED unless `isolation` says otherwise). */
  run<T>(work: (tx: LedgerTx) => Promise<T>, isolation?: Isolation): Promise<T> {
    const body = (m: EntityManager) => work(this.txOf(m));
    return isolation ? this.ds.transaction(isolation, body) : this.ds.transaction(body);
  }

  /** Runs `work` inside a transaction someone else opened and commits (the event consumer's). */
  join<T>(manager: EntityManager, work: (tx: LedgerTx) => Promise<T>): Promise<T> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('LedgerTransactions.join needs the manager of an open transaction');
    return work(this.txOf(manager));
  }

  private txOf(manager: EntityManager): LedgerTx {
    return {
      manager,
      emit: async (type, message) => {
        await this.outbox.add(manager, type, message);
      },
      afterCommit: (cb) => {
        const runner = manager.queryRunner!;
        const list = pending.get(runner) ?? [];
        list.push(cb);
        pending.set(runner, list);
      },
    };
  }
}
