import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';

/** The channel auth-svc (and later other services) publish a user's live messages on. */
export const liveUserChannel = (prefix: string, telegramId: string): string => `${prefix}live:user:${telegramId}`;

/**
 * Per-user fan-out across gateway instances: every instance SUBSCRIBEs, on its own Redis
 * connection, to the channels of the users connected to it (first socket subscribes, last
 * one unsubscribes), and relays each message to that user's sockets on this instance.
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
    let set = this.sockets.get(sub);
    if (!set) {
      set = new Set();
      this.sockets.set(sub, set);
      set.add(socket);
      await this.subscriber.subscribe(liveUserChannel(this.prefix, sub));
      return;
    }
    set.add(socket);
  }

  remove(sub: string, socket: WebSocket): void {
    const set = this.sockets.get(sub);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) {
      this.sockets.delete(sub);
      void this.subscriber.unsubscribe(liveUserChannel(this.prefix, sub)).catch(() => undefined);
    }
  }

  all(): Array<[string, WebSocket]> {
    return [...this.sockets.entries()].flatMap(([sub, set]) => [...set].map((s): [string, WebSocket] => [sub, s]));
  }

  private deliver(channel: string, message: string): void {
    const head = `${this.prefix}live:user:`;
    if (!channel.startsWith(head)) return;
    for (const socket of this.sockets.get(channel.slice(head.length)) ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(message);
    }
  }
}
