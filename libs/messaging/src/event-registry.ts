import { events } from '@trafficshare/contracts';

/** What the registry needs from a ts-proto `MessageFns` (method syntax keeps it bivariant). */
export interface EventCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

// Shape check for the registry's entries, independent of their message type.
interface AnyEventCodec {
  encode(message: never): { finish(): Uint8Array };
  decode(input: Uint8Array): unknown;
}

/**
 * Every domain event: its type name (the proto message name, also the subject suffix) and
 * its ts-proto codec. Adding a message to events.proto takes one line here; a unit test fails
 * while a message of the events module is missing.
 */
export const EVENT_REGISTRY = {
  SessionStarted: events.SessionStarted,
  ReportsIngested: events.ReportsIngested,
  SessionStopped: events.SessionStopped,
  ReconciliationMismatch: events.ReconciliationMismatch,
  IncomesCredited: events.IncomesCredited,
  PayoutRequested: events.PayoutRequested,
  PayoutProcessing: events.PayoutProcessing,
  PayoutCompleted: events.PayoutCompleted,
  PayoutFailed: events.PayoutFailed,
  UserRegistered: events.UserRegistered,
  UserUpdated: events.UserUpdated,
  UserBanned: events.UserBanned,
  SessionsRevoked: events.SessionsRevoked,
  NewLoginDetected: events.NewLoginDetected,
  SubscriptionChanged: events.SubscriptionChanged,
  FilterDecided: events.FilterDecided,
  FilterReviewRequested: events.FilterReviewRequested,
  FilterReviewResolved: events.FilterReviewResolved,
  FilterProviderDown: events.FilterProviderDown,
  FilterUserLocked: events.FilterUserLocked,
  FilterPolicyChanged: events.FilterPolicyChanged,
  PriceUpdated: events.PriceUpdated,
  ReferralAttributed: events.ReferralAttributed,
  ReferralVoided: events.ReferralVoided,
  ReferralRewarded: events.ReferralRewarded,
  SystemSettingsChanged: events.SystemSettingsChanged,
  AdminActionRecorded: events.AdminActionRecorded,
  AnnouncementPublished: events.AnnouncementPublished,
  NotificationSettingsChanged: events.NotificationSettingsChanged,
  TokenUsedFromNewIp: events.TokenUsedFromNewIp,
} as const satisfies Record<string, AnyEventCodec>;

export type EventType = keyof typeof EVENT_REGISTRY;

/** The decoded message type of an event type. */
export type EventMessage<T extends EventType> = ReturnType<(typeof EVENT_REGISTRY)[T]['decode']>;

export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT_REGISTRY) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_REGISTRY, value);
}

function codecOf<T extends EventType>(type: T): EventCodec<EventMessage<T>> {
  if (!isEventType(type)) throw new Error(`Unknown event type "${String(type)}"`);
  // The registry maps T to its own codec; TypeScript cannot correlate the indexed union.
  return EVENT_REGISTRY[type] as unknown as EventCodec<EventMessage<T>>;
}

export function encodeEvent<T extends EventType>(type: T, message: EventMessage<T>): Uint8Array {
  return codecOf(type).encode(message).finish();
}

/** Decodes a payload; throws on bytes that are not a valid message of `type`. */
export function decodeEvent<T extends EventType>(type: T, bytes: Uint8Array): EventMessage<T> {
  return codecOf(type).decode(bytes);
}
