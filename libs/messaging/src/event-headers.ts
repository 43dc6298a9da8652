import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** Headers every event carries (besides JetStream's own `Nats-Msg-Id`). */
export const EventHeader = {
  EventId: 'ts-event-id',
  EventType: 'ts-event-type',
  OccurredAt: 'ts-occurred-at',
  // Added on dead-lettered copies.
  Error: 'ts-error',
  DeadLetterConsumer: 'ts-dlq-consumer',
  DeliveryCount: 'ts-delivery-count',
  OriginalSubject: 'ts-original-subject',
  OriginalSequence: 'ts-original-seq',
} as const;

export const MSG_ID_HEADER = 'Nats-Msg-Id';

/** W3C trace context of `ctx` (default: the active context) as plain headers. */
export function injectTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** A fresh context whose remote parent is the trace context carried in `headers`. */
export function extractTraceContext(headers: Readonly<Record<string, string>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

export function toNatsHeaders(values: Readonly<Record<string, string>>): MsgHdrs {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(values)) h.set(key, headerSafe(value));
  return h;
}

export function fromNatsHeaders(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const [key, values] of h) {
    if (values.length > 0) out[key] = values[0];
  }
  return out;
}

/** NATS header values cannot hold line breaks; long values are cut. */
export function headerSafe(value: string, max = 2_000): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Parses a jsonb headers column into a string map, dropping anything that is not a string. */
export function headersFromJson(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}
