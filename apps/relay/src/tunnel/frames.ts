// The tunnel's wire format: one WebSocket binary message per frame,
// [type: u8][stream id: u32 big-endian][payload]. The relay opens streams; the device answers.

export enum FrameType {
  /** relay → device: open a TCP connection; payload JSON `{host, port}`. */
  Open = 1,
  /** device → relay: connected; payload JSON `{address}` (the IP the device reached). */
  OpenOk = 2,
  /** device → relay: could not connect; payload UTF-8 reason code. */
  OpenFail = 3,
  /** either way: stream bytes. */
  Data = 4,
  /** either way: the receiver consumed N more bytes (u32 payload); the sender may send N more. */
  Window = 5,
  /** either way: the sender will send no more data (half-close). */
  End = 6,
  /** either way: abort the stream; payload UTF-8 reason code. A side that receives RESET for a
   *  live stream answers with RESET (`reset_ack`); until that answer the side that reset still
   *  counts the peer's DATA already on the wire, so both ends count the same bytes. */
  Reset = 7,
}

export const FRAME_HEADER_BYTES = 5;
export const MAX_STREAM_ID = 0xffff_ffff;

export interface Frame {
  readonly type: FrameType;
  readonly streamId: number;
  readonly payload: Buffer;
}

const EMPTY = Buffer.alloc(0);

export function encodeFrame(type: FrameType, streamId: number, payload: Buffer = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(streamId, 1);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export function windowPayload(bytes: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(bytes, 0);
  return payload;
}

export class FrameError extends Error {}

/** Parses one frame; throws FrameError on a frame no peer of ours would send. */
export function decodeFrame(message: Buffer): Frame {
  if (message.length < FRAME_HEADER_BYTES) throw new FrameError('short frame');
  const raw = message.readUInt8(0);
  if (!(raw in FrameType) || raw === 0) throw new FrameError(`unknown frame type ${raw}`);
  const type = raw as FrameType;
  const streamId = message.readUInt32BE(1);
  const payload = message.subarray(FRAME_HEADER_BYTES);
  if (type === FrameType.Window && payload.length !== 4) throw new FrameError('bad window frame');
  return { type, streamId, payload };
}

export interface OpenTarget {
  readonly host: string;
  readonly port: number;
}

export function parseOpenPayload(payload: Buffer): OpenTarget {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new FrameError('open payload is not JSON');
  }
  const { host, port } = (value ?? {}) as Record<string, unknown>;
  if (typeof host !== 'string' || host.length === 0 || host.length > 253)
    throw new FrameError('open payload: bad host');
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
    throw new FrameError('open payload: bad port');
  return { host, port };
}
