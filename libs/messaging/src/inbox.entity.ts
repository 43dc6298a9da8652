import { EntitySchema } from 'typeorm';

/** A row of `<schema>.inbox`: event `eventId` was applied by `consumer`. */
export interface InboxRow {
  consumer: string;
  eventId: string;
  processedAt: Date;
}

export const INBOX_TABLE = 'inbox';

/** The inbox table of one service schema; the primary key makes redelivery harmless. */
export function createInboxEntity(schema: string): EntitySchema<InboxRow> {
  return new EntitySchema<InboxRow>({
    name: `InboxRow_${schema}`,
    tableName: INBOX_TABLE,
    schema,
    columns: {
      consumer: { name: 'consumer', type: 'text', primary: true },
      eventId: { name: 'event_id', type: 'uuid', primary: true },
      processedAt: { name: 'processed_at', type: 'timestamptz', default: () => 'now()' },
    },
  });
}
