import type { DataSource } from 'typeorm';

import { INBOX_TABLE } from './inbox.entity';
import { qualifiedTable } from './naming';
import { OUTBOX_TABLE } from './outbox.entity';

export interface PruneOptions {
  /**
   * Keep rows younger than this. Inbox rows must outlive every possible redelivery: the events
   * stream's max age (7 days) plus however long a row may wait unpublished. 30 days is safe.
   */
  readonly olderThanMs: number;
}

/** Deletes published outbox rows and inbox rows older than the retention; run on a schedule. */
export async function pruneMessagingTables(
  dataSource: DataSource,
  schema: string,
  options: PruneOptions,
): Promise<{ outbox: number; inbox: number }> {
  const seconds = Math.floor(options.olderThanMs / 1000);
  const [, outbox] = await dataSource.query<[unknown, number]>(
    `DELETE FROM ${qualifiedTable(schema, OUTBOX_TABLE)}
     WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)`,
    [seconds],
  );
  const [, inbox] = await dataSource.query<[unknown, number]>(
    `DELETE FROM ${qualifiedTable(schema, INBOX_TABLE)} WHERE processed_at < now() - make_interval(secs => $1)`,
    [seconds],
  );
  return { outbox, inbox };
}
