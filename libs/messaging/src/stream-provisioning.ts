import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  nanos,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';

import type { EventType } from './event-registry';
import {
  assertDurable,
  assertPrefix,
  dlqStreamName,
  dlqSubjectWildcard,
  eventSubject,
  eventsStreamName,
  eventsSubjectWildcard,
} from './naming';

export interface StreamOptions {
  /** JetStream de-duplication window for `Nats-Msg-Id` (default 10 minutes). */
  readonly duplicateWindowMs?: number;
  /** How long events stay in the stream (default 7 days). */
  readonly maxAgeMs?: number;
  /** How long dead letters stay (default 30 days). */
  readonly dlqMaxAgeMs?: number;
  /** Stream replicas (1 on one machine, 3 on the k8s cluster). */
  readonly replicas?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// JetStream API error codes (nats-server errors.json).
const STREAM_NAME_IN_USE = 10058;
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

/** The JetStream API error code of a failed request, if any. */
export function jsApiErrorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('api_error' in err)) return undefined;
  const api: unknown = err.api_error;
  if (typeof api !== 'object' || api === null || !('err_code' in api)) return undefined;
  return typeof api.err_code === 'number' ? api.err_code : undefined;
}

export const isStreamNotFound = (err: unknown): boolean => jsApiErrorCode(err) === STREAM_NOT_FOUND;

/**
 * Creates or updates the events and dead-letter streams. Idempotent and safe when several
 * services boot at once.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  prefix: string,
  options: StreamOptions = {},
): Promise<void> {
  assertPrefix(prefix);
  const common = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(options.duplicateWindowMs ?? 10 * MINUTE),
  };
  await upsertStream(jsm, {
    ...common,
    name: eventsStreamName(prefix),
    subjects: [eventsSubjectWildcard(prefix)],
    max_age: nanos(options.maxAgeMs ?? 7 * DAY),
  });
  await upsertStream(jsm, {
    ...common,
    name: dlqStreamName(prefix),
    subjects: [dlqSubjectWildcard(prefix)],
    max_age: nanos(options.dlqMaxAgeMs ?? 30 * DAY),
  });
}

async function upsertStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
) {
  try {
    // Adding with an identical config is a no-op on the server.
    await jsm.streams.add(config);
  } catch (err) {
    if (jsApiErrorCode(err) !== STREAM_NAME_IN_USE) throw err;
    await jsm.streams.update(config.name, config);
  }
}

export interface ConsumerOptions {
  readonly prefix: string;
  /** Durable consumer name; also names the DLQ subject. */
  readonly durable: string;
  readonly eventTypes: readonly EventType[];
  /** Redelivery after this long without ack (a crashed or stuck worker); default 30 s. */
  readonly ackWaitMs?: number;
  /** Unacked messages the server lets out at once across all workers; default 1000. */
  readonly maxAckPending?: number;
}

export interface EnsuredConsumer {
  readonly info: ConsumerInfo;
  /**
   * False when the server (< 2.10) cannot filter on several subjects and the consumer reads
   * every event: the worker then acks events of other types without handling them.
   */
  readonly serverFiltered: boolean;
}

/**
 * Creates or updates a durable pull consumer on the events stream with explicit acks.
 *
 * The server never stops redelivering (`max_deliver: -1`): the bounded retry count and the
 * backoff between attempts are enforced by {@link EventConsumer}, which always dead-letters a
 * message before giving up on it. A server-side limit would silently drop a message whose last
 * attempt crashed the worker or whose DLQ publish failed.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  options: ConsumerOptions,
): Promise<EnsuredConsumer> {
  assertPrefix(options.prefix);
  assertDurable(options.durable);
  if (options.eventTypes.length === 0)
    throw new Error(`Consumer ${options.durable} needs at least one event type`);
  const stream = eventsStreamName(options.prefix);
  const subjects = [...new Set(options.eventTypes)].map((t) => eventSubject(options.prefix, t));
  const base: Partial<ConsumerConfig> & { durable_name: string } = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: -1,
    max_ack_pending: options.maxAckPending ?? 1_000,
  };
  const filter: Partial<ConsumerConfig> =
    subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects };
  try {
    return {
      info: await upsertConsumer(jsm, stream, { ...base, ...filter }),
      serverFiltered: true,
    };
  } catch (err) {
    // nats.js refuses filter_subjects before sending when the server is older than 2.10.
    if (subjects.length === 1 || !(err instanceof Error) || !/requires server/i.test(err.message))
      throw err;
    const wide = { ...base, filter_subject: eventsSubjectWildcard(options.prefix) };
    return { info: await upsertConsumer(jsm, stream, wide), serverFiltered: false };
  }
}

async function upsertConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<ConsumerInfo> {
  const exists = await jsm.consumers.info(stream, config.durable_name).then(
    () => true,
    (err: unknown) => {
      if (jsApiErrorCode(err) === CONSUMER_NOT_FOUND) return false;
      throw err;
    },
  );
  if (exists) return update(jsm, stream, config);
  try {
    return await jsm.consumers.add(stream, {
      ...config,
      // Only on creation: a new consumer must see events published before it existed.
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
    });
  } catch (err) {
    // Another replica created it meanwhile.
    if (
      !(await jsm.consumers.info(stream, config.durable_name).then(
        () => true,
        () => false,
      ))
    )
      throw err;
    return update(jsm, stream, config);
  }
}

function update(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<ConsumerInfo> {
  const { durable_name: durable, ...rest } = config;
  return jsm.consumers.update(stream, durable, {
    ack_wait: rest.ack_wait,
    max_deliver: rest.max_deliver,
    max_ack_pending: rest.max_ack_pending,
    // nats.js merges the update into the current config; the two filter forms exclude each other.
    ...(rest.filter_subjects
      ? { filter_subjects: rest.filter_subjects, filter_subject: undefined }
      : { filter_subject: rest.filter_subject, filter_subjects: undefined }),
  });
}
