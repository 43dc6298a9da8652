import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { EventHeader, injectTraceHeaders } from './event-headers';
import { encodeEvent, type EventMessage, type EventType } from './event-registry';
import { assertPrefix, eventSubject, outboxChannel, qualifiedTable } from './naming';
import { OUTBOX_TABLE } from './outbox.entity';

export interface AddEventOptions {
  /** Event id (uuid); pass a stable one to make the producing operation itself retry-safe. */
  readonly eventId?: string;
  /** When the fact happened; defaults to now. */
  readonly occurredAt?: Date;
}

/** One event for {@link Outbox.addMany}; `message` is typed by `type`. */
export type OutboxEntry = {
  [K in EventType]: { readonly type: K; readonly message: EventMessage<K> } & AddEventOptions;
}[EventType];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes events into the service's outbox table inside the caller's transaction, so the state
 * change and its event commit or roll back together. {@link OutboxRelay} publishes them.
 */
export class Outbox {
  private readonly table: string;
  private readonly channel: string;

  constructor(
    readonly schema: string,
    readonly prefix: string,
  ) {
    assertPrefix(prefix);
    this.table = qualifiedTable(schema, OUTBOX_TABLE);
    this.channel = outboxChannel(schema);
  }

  /** Adds one event; resolves with its id. */
  async add<T extends EventType>(
    manager: EntityManager,
    type: T,
    message: EventMessage<T>,
    options: AddEventOptions = {},
  ): Promise<string> {
    // The mapped union cannot be built from a generic T without this assertion.
    const entry = { type, message, ...options } as OutboxEntry;
    const [id] = await this.addMany(manager, [entry]);
    return id;
  }

  /** Adds several events with one statement (a batch credit emits many); resolves with their ids. */
  async addMany(manager: EntityManager, entries: readonly OutboxEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    // Outside a transaction the event could be published for a change that never commits.
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add needs the EntityManager of an open transaction');
    }
    const trace = injectTraceHeaders();
    const ids: string[] = [];
    const types: string[] = [];
    const subjects: string[] = [];
    const payloads: Buffer[] = [];
    const headers: string[] = [];
    for (const entry of entries) {
      const id = entry.eventId ?? randomUUID();
      if (!UUID.test(id)) throw new Error(`Event id "${id}" is not a uuid`);
      ids.push(id);
      types.push(entry.type);
      subjects.push(eventSubject(this.prefix, entry.type));
      payloads.push(Buffer.from(encodeEvent(entry.type, entry.message)));
      headers.push(
        JSON.stringify({
          ...trace,
          [EventHeader.EventId]: id,
          [EventHeader.EventType]: entry.type,
          [EventHeader.OccurredAt]: (entry.occurredAt ?? new Date()).toISOString(),
        }),
      );
    }
    // clock_timestamp() (not now()) keeps the order of events added in one transaction. The
    // NOTIFY is delivered on commit only and wakes the relay without waiting for its poll; it
    // rides in the same statement (one round trip).
    await manager.query(
      `WITH added AS (
         INSERT INTO ${this.table} (id, event_type, subject, payload, headers, created_at)
         SELECT id, event_type, subject, payload, headers, clock_timestamp()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::jsonb[])
           AS t(id, event_type, subject, payload, headers)
       )
       SELECT pg_notify($6, '')`,
      [ids, types, subjects, payloads, headers, this.channel],
    );
    return ids;
  }
}
