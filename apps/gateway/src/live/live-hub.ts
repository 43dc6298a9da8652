import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import type { WebSocket } from 'ws';

import {
  LIVE_MESSAGE_TYPES,
  parseLiveMessage,
  telegramIdOfChannel,
  userLiveChannel,
} from '@trafficshare/realtime';

const dropped = new Counter({
  name: 'gateway_live_messages_dropped_total',
  help: 'Live messages from Redis not forwarded because they do not match their declared shape',
  labelNames: ['type'],
});

/**
 * Per-user fan-out across gateway instances: every instance SUBSCRIBEs, on its own Redis
 * connection, to the channels of the users connected to it (first socket subscribes, last
 * one unsubscribes), and relays each well-formed message (a member of the `LiveMessage` union
 * of libs/realtime, checked against its schema) to that user's sockets here, as published. Per-user
 * channels (not one pattern for everyone) keep an instance from receiving the whole platform's
 * traffic.
 */
export class LiveHub {
  private readonly sockets = new Map<string, Set<WebSocket>>();

  constructor(
    private readonly subscriber: Redis,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  count(sub: string): number {
    return this.sockets.get(sub)?.size ?? 0;
  }

  /** Resolves once the user's channel is subscribed (messages after this reach the socket). */
  async add(sub: string, socket: WebSocket): Promise<void> {
    const set = this.sockets.get(sub);
    if (set) {
      set.add(socket);
      return;
    }
    this.sockets.set(sub, new Set([socket]));
    await this.subscriber.subscribe(userLiveChannel(this.prefix, sub));
  }

  remove(sub: string, socket: WebSocket): void {
    const set = this.sockets.get(sub);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) {
      this.sockets.delete(sub);
      void this.subscriber.unsubscribe(userLiveChannel(this.prefix, sub)).catch(() => undefined);
    }
  }

  all(): Array<[string, WebSocket]> {
    return [...this.sockets.entries()].flatMap(([sub, set]) =>
      [...set].map((s): [string, WebSocket] => [sub, s]),
    );
  }

  private deliver(channel: string, raw: string): void {
    const sub = telegramIdOfChannel(this.prefix, channel);
    if (sub === undefined) return;
    if (!parseLiveMessage(raw)) {
      dropped.inc({ type: typeOf(raw) });
      return;
    }
    for (const socket of this.sockets.get(sub) ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(raw);
    }
  }
}

/** The type a malformed message claims, for the drop counter (bounded to the known types). */
function typeOf(raw: string): string {
  const claimed = /^\{"type":"([a-z_]{1,32})"/.exec(raw)?.[1];
  return claimed && (LIVE_MESSAGE_TYPES as readonly string[]).includes(claimed)
    ? claimed
    : 'unknown';
}
