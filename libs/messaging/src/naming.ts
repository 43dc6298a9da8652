import type { EventType } from './event-registry';

// One place for every JetStream name, so a run prefix (tests) isolates streams, subjects and
// DLQs alike. The production prefix is ''.

const PREFIX_PATTERN = /^[A-Za-z0-9_]*$/;
// Durable names end up in subjects and API paths: no dots, wildcards or whitespace.
const DURABLE_PATTERN = /^[A-Za-z0-9_-]+$/;

export function assertPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`NATS prefix "${prefix}" may hold only letters, digits and _`);
  }
}

export function assertDurable(durable: string): void {
  if (!DURABLE_PATTERN.test(durable)) {
    throw new Error(`Consumer name "${durable}" may hold only letters, digits, _ and -`);
  }
}

export const eventsStreamName = (prefix: string): string => `${prefix}EVENTS`;
export const eventsSubjectWildcard = (prefix: string): string => `${prefix}events.>`;
export const eventSubject = (prefix: string, type: EventType): string => `${prefix}events.${type}`;

export const dlqStreamName = (prefix: string): string => `${prefix}DLQ`;
export const dlqSubjectWildcard = (prefix: string): string => `${prefix}dlq.>`;
export const dlqSubject = (prefix: string, durable: string): string => `${prefix}dlq.${durable}`;

/** The event type a subject carries, or undefined when it is not an events subject. */
export function eventTypeOfSubject(prefix: string, subject: string): string | undefined {
  const head = `${prefix}events.`;
  return subject.startsWith(head) ? subject.slice(head.length) : undefined;
}

// Postgres truncates identifiers at 63 bytes; LISTEN and pg_notify must agree on the name.
const MAX_CHANNEL = 63;

/** LISTEN/NOTIFY channel the outbox of `schema` signals on. */
export const outboxChannel = (schema: string): string => `outbox_${schema}`.slice(0, MAX_CHANNEL);

/** `"schema"."table"`, refusing names that would need escaping. */
export function qualifiedTable(schema: string, table: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(schema)) throw new Error(`Unsafe schema name "${schema}"`);
  return `"${schema}"."${table}"`;
}
