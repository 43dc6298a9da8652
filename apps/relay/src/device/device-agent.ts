import { lookup } from 'node:dns/promises';
import { connect, isIP } from 'node:net';

import WebSocket from 'ws';

import { type DestinationPolicy } from '../safety/destination-policy';
import { TUNNEL_PATH } from '../tunnel/tunnel-server';
import { StreamError } from '../tunnel/tunnel-stream';
import { TunnelMux, type IncomingStream } from '../tunnel/tunnel-mux';

export interface DeviceAgentOptions {
  /** ws://host:port of the relay's device face. */
  readonly relayUrl: string;
  readonly accessToken: string;
  readonly sessionId: string;
  /** The device's own destination check after DNS (same rules as the relay). */
  readonly policy: DestinationPolicy;
  /** Reconnect after a lost tunnel (not after the relay says the session stopped). */
  readonly reconnect?: boolean;
  readonly connectTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

/** Close codes after which the device does not reconnect. */
const FINAL_CLOSE = new Set([4001]);

/**
 * The device side of the tunnel (the reference for the mobile app; the simulator runs it): keeps
 * one WebSocket to the relay and connects each stream the relay opens to its target over TCP.
 */
export class DeviceAgent {
  streamsOpened = 0;
  /** DATA bytes received from the relay (the buyer's side, towards targets). */
  bytesUp = 0;
  /** DATA bytes sent to the relay (the targets' answers). */
  bytesDown = 0;
  private mux: TunnelMux | null = null;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly waiters: ((connected: boolean) => void)[] = [];

  constructor(private readonly options: DeviceAgentOptions) {}

  get connected(): boolean {
    return this.mux !== null && !this.mux.isClosed;
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  /** Resolves once the tunnel is up (true) or the relay refused it (false). */
  ready(): Promise<boolean> {
    if (this.connected) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.mux?.close(1000, 'device_stopped');
  }

  private open(): void {
    const url = new URL(TUNNEL_PATH, this.options.relayUrl);
    const ws = new WebSocket(url, {
      headers: {
        authorization: `Bearer ${this.options.accessToken}`,
        'x-session-id': this.options.sessionId,
      },
      handshakeTimeout: this.options.connectTimeoutMs ?? 10_000,
      perMessageDeflate: false,
      // A zero mask: ws then skips XOR-ing (and copying) every byte the device sends. Masking
      // protects browser-era intermediaries from crafted bytes; the tunnel runs over TLS.
      generateMask: (mask: Buffer) => void mask.fill(0),
    });
    ws.on('unexpected-response', (_request, response) => {
      this.options.log?.(`relay refused the tunnel: HTTP ${response.statusCode}`);
      this.settle(false);
      // 4xx: this session may not relay (stopped, not ours); retrying would not help.
      if ((response.statusCode ?? 500) < 500) this.stopped = true;
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('open', () => {
      this.attempt = 0;
      const mux = new TunnelMux(ws);
      this.mux = mux;
      mux.on('stream', (incoming) => void this.serve(incoming));
      this.settle(true);
    });
    ws.on('close', (code) => {
      if (FINAL_CLOSE.has(code)) this.stopped = true;
      this.scheduleReconnect();
    });
  }

  private settle(connected: boolean): void {
    for (const resolve of this.waiters.splice(0)) resolve(connected);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.options.reconnect === false || this.timer) return;
    const delay = Math.min(30_000, 250 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, delay);
    this.timer.unref();
  }

  private async serve({ stream, target, accept, reject }: IncomingStream): Promise<void> {
    // What this phone carried is what crossed the tunnel as DATA frames, counted as the relay
    // counts them (late frames after a reset included) — not what the target sent us: bytes
    // read from the target and never framed (the buyer left first) were not carried.
    stream.counter = (sent, received) => {
      this.bytesDown += sent;
      this.bytesUp += received;
    };
    const { policy } = this.options;
    const first = policy.checkTarget(target.host, target.port);
    if (!first.allowed) return reject(first.reason);
    let address = target.host;
    if (isIP(target.host) === 0) {
      try {
        address = (await lookup(target.host)).address;
      } catch {
        return reject('dns_failed');
      }
      const resolved = policy.checkAddress(address);
      if (!resolved.allowed) return reject(resolved.reason);
    }
    const socket = connect({ host: address, port: target.port });
    socket.setNoDelay(true);
    const failBeforeConnect = (): void => reject('connect_failed');
    socket.once('error', failBeforeConnect);
    socket.once('connect', () => {
      socket.off('error', failBeforeConnect);
      this.streamsOpened += 1;
      accept(address);
      socket.pipe(stream);
      stream.pipe(socket);
      socket.on('error', () => stream.destroy(new StreamError('target_reset')));
      // The relay reset the stream (buyer gone, key cut off): drop the target connection.
      stream.on('close', () => {
        if (stream.errored) socket.destroy();
      });
    });
  }
}
