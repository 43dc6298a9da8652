import { EntitySchema } from 'typeorm';

/** A row of `<schema>.outbox`: one event waiting for (or done with) publication. */
export interface OutboxRow {
  id: string;
  eventType: string;
  subject: string;
  payload: Buffer;
  headers: Record<string, string>;
  createdAt: Date;
  publishedAt: Date | null;
  attempts: number;
}

export const OUTBOX_TABLE = 'outbox';
export const OUTBOX_UNPUBLISHED_INDEX = 'IDX_outbox_unpublished';

/**
 * The outbox table of one service schema. Services add it to their DataSource so their
 * generated migrations create it; column names are explicit, whatever the naming strategy.
 */
export function createOutboxEntity(schema: string): EntitySchema<OutboxRow> {
  return new EntitySchema<OutboxRow>({
    name: `OutboxRow_${schema}`,
    tableName: OUTBOX_TABLE,
    schema,
    columns: {
      id: { name: 'id', type: 'uuid', primary: true },
      eventType: { name: 'event_type', type: 'text' },
      subject: { name: 'subject', type: 'text' },
      payload: { name: 'payload', type: 'bytea' },
      headers: { name: 'headers', type: 'jsonb', default: () => `'{}'::jsonb` },
      createdAt: { name: 'created_at', type: 'timestamptz', default: () => 'now()' },
      publishedAt: { name: 'published_at', type: 'timestamptz', nullable: true },
      attempts: { name: 'attempts', type: 'int', default: 0 },
    },
    indices: [
      // The relay only ever scans unpublished rows, oldest first; published rows stay out.
      { name: OUTBOX_UNPUBLISHED_INDEX, columns: ['createdAt'], where: '"published_at" IS NULL' },
    ],
  });
}
