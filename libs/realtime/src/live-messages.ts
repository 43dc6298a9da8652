/**
 * Messages pushed to a user's WebSocket (`/api/notifications/live`). Services publish them on
 * Redis; every gateway instance subscribed to the user's channel forwards them to the sockets it
 * holds, so the fan-out works across gateway replicas.
 */
export type LiveMessageType =
  | 'traffic_update'
  | 'balance_update'
  | 'session_status'
  | 'price_update'
  | 'subscription_update'
  | 'notification';

export interface LiveMessage<T extends LiveMessageType = LiveMessageType> {
  readonly type: T;
  /** ISO-8601 UTC time the message was produced. */
  readonly at: string;
  readonly data: Record<string, unknown>;
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
export function publishLive<T extends LiveMessageType>(
  redis: Publisher,
  keyPrefix: string,
  telegramId: string | number,
  type: T,
  data: Record<string, unknown>,
): Promise<number> {
  const message: LiveMessage<T> = { type, at: new Date().toISOString(), data };
  return redis.publish(userLiveChannel(keyPrefix, telegramId), JSON.stringify(message));
}

export function parseLiveMessage(raw: string): LiveMessage | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LiveMessage>;
    if (
      typeof value.type !== 'string' ||
      typeof value.at !== 'string' ||
      typeof value.data !== 'object' ||
      !value.data
    ) {
      return undefined;
    }
    return value as LiveMessage;
  } catch {
    return undefined;
  }
}
