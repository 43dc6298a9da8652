import type { JsMsg, NatsConnection } from 'nats';

import { EventHeader, fromNatsHeaders, toNatsHeaders } from './event-headers';
import { decodeEvent, isEventType } from './event-registry';
import {
  assertDurable,
  assertPrefix,
  dlqStreamName,
  dlqSubject,
  dlqSubjectWildcard,
} from './naming';

/** One dead-lettered event, as an operator sees it. */
export interface DeadLetter {
  /** Sequence in the DLQ stream: what `replay` and `discard` take. */
  readonly seq: number;
  readonly deadAt: Date;
  /** The durable consumer that gave up on it. */
  readonly consumer: string;
  readonly type: string;
  readonly eventId: string;
  readonly error: string;
  readonly deliveries: number;
  readonly originalSubject: string;
  readonly originalSeq: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: Uint8Array;
}

export interface ReplayResult {
  readonly seq: number;
  readonly subject: string;
  /** The JetStream message id of the copy (the same seq replays at most once per dedupe window). */
  readonly msgId: string;
  /** JetStream had already taken this copy (a replay re-run): nothing new was published. */
  readonly duplicate: boolean;
}

/** Headers of the dead-lettered copy that must not travel back with a replay. */
const DLQ_ONLY = new Set<string>([
  EventHeader.Error,
  EventHeader.DeadLetterConsumer,
  EventHeader.DeliveryCount,
  EventHeader.OriginalSubject,
  EventHeader.OriginalSequence,
]);

/**
 * The dead-letter stream, for operators (`npm run dlq`): list what is there, show one letter with
 * its decoded payload, replay it once the cause is fixed, or discard it.
 *
 * A replay publishes the event again on its original subject with its original event id and a new
 * JetStream message id. Every consumer of that subject sees it, and each one's inbox decides: a
 * consumer that already processed the event id skips it, the one that dead-lettered it processes
 * it now. Only after JetStream has stored the copy is the letter deleted from the DLQ; a replay
 * interrupted in between can be run again without harm.
 */
export class DeadLetters {
  private readonly stream: string;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix = '',
  ) {
    assertPrefix(prefix);
    this.stream = dlqStreamName(prefix);
  }

  /** Letters in DLQ order (oldest first), optionally of one consumer, at most `limit`. */
  async list(options: { consumer?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    if (options.consumer !== undefined) assertDurable(options.consumer);
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const jsm = await this.nc.jetstreamManager();
    const info = await jsm.streams.info(this.stream);
    if (info.state.messages === 0 || limit <= 0) return [];
    // An ordered consumer: ephemeral, server-side subject filter, skips deleted messages.
    const consumer = await this.nc.jetstream().consumers.get(this.stream, {
      filterSubjects:
        options.consumer === undefined
          ? dlqSubjectWildcard(this.prefix)
          : dlqSubject(this.prefix, options.consumer),
    });
    const out: DeadLetter[] = [];
    for (;;) {
      const msg = await consumer.next({ expires: 1_000 });
      if (!msg) break;
      out.push(toDeadLetter(msg));
      if (out.length >= limit || msg.info.pending === 0) break;
    }
    return out;
  }

  /** One letter by its DLQ sequence, or undefined when there is none (never was, or removed). */
  async get(seq: number): Promise<DeadLetter | undefined> {
    const jsm = await this.nc.jetstreamManager();
    try {
      const m = await jsm.streams.getMessage(this.stream, { seq });
      return letter(seq, m.time, m.subject, fromNatsHeaders(m.header), m.data);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** The letter's payload decoded (JSON-friendly), or why it cannot be. */
  static decode(l: DeadLetter): { message?: unknown; error?: string } {
    if (!isEventType(l.type)) return { error: `unknown event type "${l.type}"` };
    try {
      return { message: decodeEvent(l.type, l.data) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  /**
   * Publishes the letter again on its original subject, then removes it from the DLQ. Throws when
   * there is no such letter or it carries no original subject.
   */
  async replay(seq: number): Promise<ReplayResult> {
    const l = await this.get(seq);
    if (!l) throw new DeadLetterError('not_found', `no dead letter with seq ${seq}`);
    if (!l.originalSubject.startsWith(`${this.prefix}events.`))
      throw new DeadLetterError(
        'no_original_subject',
        `dead letter ${seq} carries no original events subject ("${l.originalSubject}")`,
      );
    const headers = Object.fromEntries(Object.entries(l.headers).filter(([k]) => !DLQ_ONLY.has(k)));
    const msgId = `${l.eventId || `seq-${seq}`}:replay:${seq}`;
    const ack = await this.nc.jetstream().publish(l.originalSubject, l.data, {
      headers: toNatsHeaders(headers),
      msgID: msgId,
    });
    await this.discard(seq);
    return { seq, subject: l.originalSubject, msgId, duplicate: ack.duplicate };
  }

  /** Removes a letter without replaying it; false when it was not there. */
  async discard(seq: number): Promise<boolean> {
    const jsm = await this.nc.jetstreamManager();
    try {
      return await jsm.streams.deleteMessage(this.stream, seq, false);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

export class DeadLetterError extends Error {
  constructor(
    readonly code: 'not_found' | 'no_original_subject',
    message: string,
  ) {
    super(message);
    this.name = 'DeadLetterError';
  }
}

function toDeadLetter(msg: JsMsg): DeadLetter {
  return letter(
    msg.info.streamSequence,
    new Date(Math.floor(msg.info.timestampNanos / 1_000_000)),
    msg.subject,
    fromNatsHeaders(msg.headers),
    msg.data,
  );
}

function letter(
  seq: number,
  deadAt: Date,
  subject: string,
  headers: Record<string, string>,
  data: Uint8Array,
): DeadLetter {
  return {
    seq,
    deadAt,
    consumer: headers[EventHeader.DeadLetterConsumer] ?? subject.split('.').pop() ?? '',
    type: headers[EventHeader.EventType] ?? '',
    eventId: headers[EventHeader.EventId] ?? '',
    error: headers[EventHeader.Error] ?? '',
    deliveries: Number(headers[EventHeader.DeliveryCount] ?? 0),
    originalSubject: headers[EventHeader.OriginalSubject] ?? '',
    originalSeq: Number(headers[EventHeader.OriginalSequence] ?? 0),
    headers,
    data,
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10037 || /no message found/i.test(e?.message ?? '');
}
