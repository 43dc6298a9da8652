import { z } from 'zod';

/**
 * Messages pushed to a user's WebSocket (`/api/notifications/live`). Services publish them on
 * Redis; every gateway instance subscribed to the user's channel forwards them to the sockets it
 * holds, so the fan-out works across gateway replicas.
 *
 * On the wire (Redis and WebSocket alike) a message is `{"type", "at", "data"}`: `type` names
 * the member of the union below, `at` is the ISO-8601 UTC time it was produced, `data` has the
 * shape declared here for that type. Each shape is declared once, as a zod schema: publishers
 * get its TypeScript type (a message that does not match does not compile) and the gateway
 * checks it at run time before forwarding. The gateway accepts extra fields (a service deployed
 * before the gateway may add one) but never a missing or mistyped declared one.
 */

const mb = z.number().finite();
const count = z.number().int().nonnegative();
const usd = z.number().finite();

/** The running session's counters, every LIVE_UPDATE_MS while the user has a socket open. */
export const trafficUpdateData = z.object({
  session_id: z.string(),
  status: z.string(),
  used_mb: mb,
  current_speed: mb,
  duration_s: z.number().finite().nonnegative(),
  report_count: count,
  missing_reports: count,
});

/** A balance change: income credited, a promo bonus, later withdrawals, refunds, adjustments. */
export const balanceUpdateData = z.object({
  balance_usd: usd,
  delta_usd: usd,
  reason: z.enum(['income', 'bonus', 'withdraw', 'refund', 'adjustment']),
  /** MB the income paid for (income only). */
  mb: mb.optional(),
  transfer_id: z.string().optional(),
});

/** A session opened (START) or ended (STOP, timeout, failure: `final`). */
export const sessionStatusData = z.union([
  z.object({
    session_id: z.string(),
    status: z.string(),
    used_mb: mb,
    current_speed: mb,
  }),
  z.object({
    session_id: z.string(),
    status: z.string(),
    used_mb: mb,
    duration_s: z.number().finite().nonnegative().nullable(),
    stop_reason: z.string(),
    final: z.literal(true),
  }),
]);

/** The day's price changed (as `GET /api/daily_price` answers it). */
export const priceUpdateData = z.object({
  date: z.string(),
  price_per_gb: usd,
  message: z.string(),
  /** Signed change against the previous day, e.g. `+0.15`. */
  change: z.string(),
});

/** One active subscription as the user's app lists it. */
export const liveSubscription = z.object({
  model_id: z.string(),
  name: z.string(),
  is_free: z.boolean(),
  is_premium: z.boolean(),
  color: z.string(),
  granted_by: z.number(),
  granted_at: z.string(),
  /** Null when it never expires. */
  expiry_date: z.string().nullable(),
});

/** A subscription granted, revoked or expired; the app refetches entitlements at `version`. */
export const subscriptionUpdateData = z.object({
  action: z.enum(['grant', 'revoke', 'expire']),
  model_id: z.string(),
  version: count,
  subscriptions: z.array(liveSubscription),
});

/** An in-app notification (the same one the notifications list shows). */
export const notificationData = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  sent_at: z.string(),
});

/** What the gateway itself sends first on every socket (never published through Redis). */
export const connectedData = z.object({
  telegram_id: z.number().int(),
  subscription_version: count,
});

/** The data schema of every message type services publish. */
export const LIVE_DATA = {
  traffic_update: trafficUpdateData,
  balance_update: balanceUpdateData,
  session_status: sessionStatusData,
  price_update: priceUpdateData,
  subscription_update: subscriptionUpdateData,
  notification: notificationData,
} as const satisfies Record<string, z.ZodType>;

/** Every message type a service may publish to a user's live channel. */
export type LiveMessageType = keyof typeof LIVE_DATA;
export const LIVE_MESSAGE_TYPES = Object.keys(LIVE_DATA) as LiveMessageType[];

export type LiveData<T extends LiveMessageType> = z.infer<(typeof LIVE_DATA)[T]>;
export type LiveSubscription = z.infer<typeof liveSubscription>;
export type ConnectedData = z.infer<typeof connectedData>;

/** What a publisher hands over: one member per type, its data typed by its `type`. */
export type LiveUpdate = {
  [T in LiveMessageType]: { readonly type: T; readonly data: LiveData<T> };
}[LiveMessageType];

/** A published message on the wire: the update stamped with its time. */
export type LiveMessage = LiveUpdate & { readonly at: string };

/** Everything a client can receive on the socket. */
export type LiveSocketMessage =
  LiveMessage | { readonly type: 'connected'; readonly at: string; readonly data: ConnectedData };

/** The JSON text of a message (`type`, `at`, `data`, in that order). */
export function encodeLive(
  update: LiveUpdate | { readonly type: 'connected'; readonly data: ConnectedData },
  at: Date = new Date(),
): string {
  return JSON.stringify({ type: update.type, at: at.toISOString(), data: update.data });
}

/** Redis pub/sub channel of one user's live messages (channels are not key-prefixed by ioredis). */
export function userLiveChannel(keyPrefix: string, telegramId: string | number): string {
  return `${keyPrefix}live:user:${telegramId}`;
}

/** Pattern matching every user's channel (PUBSUB CHANNELS: which users have a listener). */
export function userLivePattern(keyPrefix: string): string {
  return `${keyPrefix}live:user:*`;
}

export function telegramIdOfChannel(keyPrefix: string, channel: string): string | undefined {
  const head = `${keyPrefix}live:user:`;
  return channel.startsWith(head) ? channel.slice(head.length) : undefined;
}

interface Publisher {
  publish(channel: string, message: string): Promise<number>;
}

/** Publishes one live message to a user's channel; resolves with the number of gateway
 *  instances that received it (0 when the user has no open socket anywhere). */
export function publishLive(
  redis: Publisher,
  keyPrefix: string,
  telegramId: string | number,
  update: LiveUpdate,
): Promise<number> {
  return redis.publish(userLiveChannel(keyPrefix, telegramId), encodeLive(update));
}

function isLiveMessageType(type: unknown): type is LiveMessageType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(LIVE_DATA, type);
}

/**
 * The message in `raw` when it is well-formed — a published type, an `at` time and the data its
 * type declares — else undefined (the gateway drops it). `connected` is not accepted: only the
 * gateway sends it.
 */
export function parseLiveMessage(raw: string): LiveMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, at, data } = value as Record<string, unknown>;
  if (!isLiveMessageType(type) || typeof at !== 'string') return undefined;
  if (!LIVE_DATA[type].safeParse(data).success) return undefined;
  return value as LiveMessage;
}
