import { Duplex } from 'node:stream';

import { FrameType, windowPayload } from './frames';

/** Bytes a side may send on a stream before the receiver grants more (per-stream flow control:
 *  one slow stream never holds more than this in memory, and never stalls the others). */
export const INITIAL_WINDOW = 256 * 1024;
/** Largest DATA payload per frame. */
export const MAX_DATA_FRAME = 64 * 1024;

export interface FrameSender {
  send(type: FrameType, streamId: number, payload?: Buffer): void;
  /** The stream is done. `draining`: it sent RESET and the peer's DATA already on the wire is
   *  still counted until the peer's RESET answers it. */
  forget(streamId: number, draining: boolean): void;
}

/** Bytes that crossed the tunnel on a stream, as DATA frames: `sent` by this side, `received`
 *  from the peer. Both ends count the same frames, so their counts agree. */
export type TrafficCounter = (sent: number, received: number) => void;

export class StreamError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** One multiplexed stream: a Duplex whose writes become DATA frames (within the peer's window)
 *  and whose reads are the peer's DATA frames (credit granted back as the consumer reads). */
export class TunnelStream extends Duplex {
  bytesSent = 0;
  bytesReceived = 0;
  private sendWindow = INITIAL_WINDOW;
  private recvRemaining = INITIAL_WINDOW;
  private unacked = 0;
  private pending: { chunk: Buffer; callback: (error?: Error | null) => void } | null = null;
  private remoteReset = false;

  constructor(
    readonly id: number,
    private readonly sender: FrameSender,
    /** Set by the owner before any DATA can flow (the relay at open, the device on accept). */
    public counter?: TrafficCounter,
  ) {
    super({ readableHighWaterMark: MAX_DATA_FRAME, writableHighWaterMark: MAX_DATA_FRAME });
    // A stream can fail before anyone pipes it (open refused, tunnel lost); its owner learns it
    // from `close`/the pipeline, and an unobserved 'error' must not crash the process.
    this.on('error', () => undefined);
  }

  /** DATA from the peer. Returns false when the peer overran its window (protocol error). */
  receiveData(payload: Buffer): boolean {
    if (payload.length > this.recvRemaining) return false;
    this.recvRemaining -= payload.length;
    this.countReceived(payload.length);
    this.unacked += payload.length;
    this.push(payload);
    return true;
  }

  /** DATA the peer sent before it saw this side's RESET: not delivered, but carried. */
  countReceived(bytes: number): void {
    this.bytesReceived += bytes;
    this.counter?.(0, bytes);
  }

  receiveWindow(bytes: number): void {
    this.sendWindow += bytes;
    this.flush();
  }

  receiveEnd(): void {
    this.push(null);
  }

  receiveReset(code: string): void {
    this.remoteReset = true;
    this.destroy(new StreamError(code || 'reset'));
  }

  override _read(): void {
    if (this.unacked === 0) return;
    this.sender.send(FrameType.Window, this.id, windowPayload(this.unacked));
    this.recvRemaining += this.unacked;
    this.unacked = 0;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.pending = { chunk, callback };
    this.flush();
  }

  override _final(callback: () => void): void {
    if (!this.remoteReset) this.sender.send(FrameType.End, this.id);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const cleanClose = this.writableFinished && this.readableEnded;
    if (!cleanClose && !this.remoteReset) {
      const code = error instanceof StreamError ? error.code : 'aborted';
      this.sender.send(FrameType.Reset, this.id, Buffer.from(code));
    }
    this.sender.forget(this.id, !cleanClose && !this.remoteReset);
    const pending = this.pending;
    this.pending = null;
    pending?.callback(error ?? new StreamError('closed'));
    callback(error);
  }

  private flush(): void {
    while (this.pending && this.sendWindow > 0) {
      const { chunk, callback } = this.pending;
      const size = Math.min(chunk.length, this.sendWindow, MAX_DATA_FRAME);
      this.sender.send(FrameType.Data, this.id, chunk.subarray(0, size));
      this.sendWindow -= size;
      this.bytesSent += size;
      this.counter?.(size, 0);
      if (size === chunk.length) {
        this.pending = null;
        callback();
      } else {
        this.pending = { chunk: chunk.subarray(size), callback };
      }
    }
  }
}
