import { EventEmitter } from 'node:events';

import type { WebSocket } from 'ws';

import {
  decodeFrame,
  encodeFrame,
  FrameError,
  FrameType,
  MAX_STREAM_ID,
  parseOpenPayload,
  type OpenTarget,
} from './frames';
import { StreamError, TunnelStream, type FrameSender, type TrafficCounter } from './tunnel-stream';

/** How long a stream this side reset keeps counting the peer's late DATA without the peer's
 *  RESET answer (a peer that never knew the stream, e.g. after its own OPEN_FAIL). */
export const DRAIN_MS = 30_000;

export interface MuxOptions {
  /** Streams one tunnel may carry at once (the device refuses more with `too_many_streams`). */
  readonly maxStreams?: number;
  /** How long the relay waits for the device to connect a stream. */
  readonly openTimeoutMs?: number;
}

export interface OpenedStream {
  readonly stream: TunnelStream;
  /** The address the device connected to (after its own DNS). */
  readonly address: string;
}

/** What the device side is asked to do with a new stream. */
export interface IncomingStream {
  readonly stream: TunnelStream;
  readonly target: OpenTarget;
  accept(address: string): void;
  reject(code: string): void;
}

interface PendingOpen {
  resolve(address: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Many TCP streams over one WebSocket. The relay side calls `open()`; the device side listens
 * for `stream` events. Closing the WebSocket ends every stream with `tunnel_closed`.
 */
export class TunnelMux extends EventEmitter<{ stream: [IncomingStream]; close: [] }> {
  private readonly streams = new Map<number, TunnelStream>();
  /** Streams this side reset, until the peer's RESET says it sends no more (insertion order =
   *  age, swept lazily). Their late DATA is counted, never delivered. */
  private readonly draining = new Map<number, { stream: TunnelStream; since: number }>();
  private readonly opening = new Map<number, PendingOpen>();
  private nextId = 1;
  private closed = false;
  private readonly maxStreams: number;
  private readonly openTimeoutMs: number;
  private readonly sender: FrameSender = {
    send: (type, id, payload) => this.send(type, id, payload),
    forget: (id, draining) => {
      const stream = this.streams.get(id);
      this.streams.delete(id);
      if (draining && stream) this.drain(id, stream);
    },
  };

  constructor(
    private readonly socket: WebSocket,
    options: MuxOptions = {},
  ) {
    super();
    this.maxStreams = options.maxStreams ?? 10_000;
    this.openTimeoutMs = options.openTimeoutMs ?? 10_000;
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.fail('text frame');
      try {
        this.dispatch(data);
      } catch (error) {
        if (error instanceof FrameError) return this.fail(error.message);
        throw error;
      }
    });
    socket.on('close', () => this.teardown());
    socket.on('error', () => this.teardown());
  }

  get streamCount(): number {
    return this.streams.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Streams reset by this side still counting the peer's late DATA (for tests and metrics). */
  get drainingCount(): number {
    return this.draining.size;
  }

  /** Relay side: asks the device to connect `target`; resolves once it has. `counter` sees
   *  every DATA byte of the stream from the first one, late ones after a reset included. */
  open(target: OpenTarget, counter?: TrafficCounter): Promise<OpenedStream> {
    if (this.closed) return Promise.reject(new StreamError('tunnel_closed'));
    const id = this.nextId;
    this.nextId = this.nextId >= MAX_STREAM_ID ? 1 : this.nextId + 1;
    const stream = new TunnelStream(id, this.sender, counter);
    this.streams.set(id, stream);
    return new Promise<OpenedStream>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.opening.delete(id);
        stream.destroy(new StreamError('open_timeout'));
        reject(new StreamError('open_timeout'));
      }, this.openTimeoutMs);
      this.opening.set(id, {
        resolve: (address) => resolve({ stream, address }),
        reject,
        timer,
      });
      this.send(FrameType.Open, id, Buffer.from(JSON.stringify(target)));
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.close(code, reason);
    this.teardown();
  }

  private send(type: FrameType, id: number, payload?: Buffer): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(encodeFrame(type, id, payload));
  }

  private dispatch(message: Buffer): void {
    const { type, streamId, payload } = decodeFrame(message);
    if (type === FrameType.Open) return this.incoming(streamId, parseOpenPayload(payload));
    if (type === FrameType.OpenOk || type === FrameType.OpenFail) {
      const pending = this.opening.get(streamId);
      if (!pending) return;
      this.opening.delete(streamId);
      clearTimeout(pending.timer);
      if (type === FrameType.OpenOk) {
        const { address } = JSON.parse(payload.toString('utf8') || '{}') as { address?: string };
        return pending.resolve(typeof address === 'string' ? address : '');
      }
      const code = payload.toString('utf8') || 'open_failed';
      this.streams.get(streamId)?.receiveReset(code);
      return pending.reject(new StreamError(code));
    }
    const stream = this.streams.get(streamId);
    if (!stream) return this.late(type, streamId, payload);
    switch (type) {
      case FrameType.Data:
        if (!stream.receiveData(payload)) stream.destroy(new StreamError('window_overrun'));
        return;
      case FrameType.Window:
        return stream.receiveWindow(payload.readUInt32BE(0));
      case FrameType.End:
        return stream.receiveEnd();
      case FrameType.Reset:
        // Answer it: the peer counts this side's DATA sent before the reset until it hears back.
        this.send(FrameType.Reset, streamId, Buffer.from('reset_ack'));
        return stream.receiveReset(payload.toString('utf8'));
    }
  }

  /** A frame for a stream that is gone here: DATA of a stream this side reset is counted (the
   *  peer sent it before it saw the RESET); the peer's RESET ends the draining; others race a
   *  local close and are dropped. */
  private late(type: FrameType, streamId: number, payload: Buffer): void {
    const entry = this.draining.get(streamId);
    if (!entry) return;
    if (type === FrameType.Data) entry.stream.countReceived(payload.length);
    else if (type === FrameType.Reset) this.draining.delete(streamId);
  }

  private drain(id: number, stream: TunnelStream): void {
    if (this.closed) return;
    const now = Date.now();
    for (const [oldId, entry] of this.draining) {
      if (now - entry.since < DRAIN_MS) break;
      this.draining.delete(oldId);
    }
    this.draining.set(id, { stream, since: now });
  }

  private incoming(id: number, target: OpenTarget): void {
    if (this.streams.has(id)) return this.fail('duplicate stream id');
    if (this.streams.size >= this.maxStreams)
      return this.send(FrameType.OpenFail, id, Buffer.from('too_many_streams'));
    const stream = new TunnelStream(id, this.sender);
    this.streams.set(id, stream);
    this.draining.delete(id); // a reused id: the old stream is long gone
    this.emit('stream', {
      stream,
      target,
      accept: (address) =>
        this.send(FrameType.OpenOk, id, Buffer.from(JSON.stringify({ address }))),
      reject: (code) => {
        this.send(FrameType.OpenFail, id, Buffer.from(code));
        this.streams.delete(id);
      },
    });
  }

  private fail(reason: string): void {
    this.close(1002, reason.slice(0, 100));
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.opening.values()) {
      clearTimeout(pending.timer);
      pending.reject(new StreamError('tunnel_closed'));
    }
    this.opening.clear();
    for (const stream of [...this.streams.values()]) stream.receiveReset('tunnel_closed');
    this.streams.clear();
    this.draining.clear();
    this.emit('close');
  }
}
