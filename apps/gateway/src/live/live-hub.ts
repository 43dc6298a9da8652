import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';

import { parseLiveMessage, telegramIdOfChannel, userLiveChannel } from '@trafficshare/realtime';

/**
 * Per-user fan-out across gateway instances: every instance SUBSCRIBEs, on its own Redis
 * connection, to the channels of the users connected to it (first socket subscribes, last
 * one unsubscribes), and relays each well-formed message to that user's sockets here. Per-user
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
    if (sub === undefined || !parseLiveMessage(raw)) return;
    for (const socket of this.sockets.get(sub) ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(raw);
    }
  }
}
