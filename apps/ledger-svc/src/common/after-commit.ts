import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

type Callback = () => void;

const pending = new WeakMap<QueryRunner, Callback[]>();

/** Runs callbacks queued with {@link afterCommit} once their transaction commits (dropped on rollback). */
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

/** Installs the subscriber on a data source (once). */
export function installAfterCommit(dataSource: DataSource): void {
  if (installed.has(dataSource)) return;
  installed.add(dataSource);
  dataSource.subscribers.push(new AfterCommitSubscriber());
}

/**
 * Queues `cb` to run after the transaction of `manager` commits — for side effects outside the
 * database (live WebSocket messages) that must never announce a change that rolled back.
 * Without an open transaction it runs at once.
 */
export function afterCommit(manager: EntityManager, cb: Callback): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    cb();
    return;
  }
  const list = pending.get(runner) ?? [];
  list.push(cb);
  pending.set(runner, list);
}
