// A lean HTTP/1.1 keep-alive client for the load loop: one socket, one request at a time (closed
// loop, no pipelining), the request written as one string and the answer parsed just far enough
// to know its status and where it ends. undici does much more per request (its own pool, body
// streams, header objects): at 5,000 requests/s it took a quarter of a core that the server under
// test shares on this machine. Preparation and checks keep using fetch/undici.

import { connect, type Socket } from 'node:net';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export class HttpClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpClientError';
  }
}

export interface RawAnswer {
  readonly status: number;
  /** The body as received (chunked bodies still framed: decode with {@link dechunk}). */
  readonly body: Buffer;
  readonly chunked: boolean;
}

interface Waiting {
  readonly resolve: (answer: RawAnswer) => void;
  readonly reject: (err: Error) => void;
  readonly sentAt: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;

/**
 * One keep-alive connection to `origin` (http only). `request` resolves with the status and body
 * once the whole answer (Content-Length or chunked body) has arrived; a request sent on a closed
 * socket reconnects first. Requests must not overlap (the caller awaits each one).
 */
export class KeepAliveConnection {
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private socket: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  private waiting: Waiting | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    origin: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') throw new Error(`only http:// origins are supported: ${origin}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
    // One timer per connection, not per request: an answer older than the timeout fails.
    this.watchdog = setInterval(
      () => {
        if (this.waiting && performance.now() - this.waiting.sentAt > this.timeoutMs)
          this.fail(
            new HttpClientError('TIMEOUT', `no complete answer within ${this.timeoutMs} ms`),
          );
      },
      Math.min(1_000, timeoutMs),
    );
    this.watchdog.unref();
  }

  async request(req: RawRequest): Promise<RawAnswer> {
    if (this.waiting) throw new Error('KeepAliveConnection: one request at a time');
    const socket = this.socket ?? (await this.open());
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const name in req.headers) head += `${name}: ${req.headers[name]}\r\n`;
    if (req.body !== undefined) head += `content-length: ${Buffer.byteLength(req.body)}\r\n`;
    const text = `${head}\r\n${req.body ?? ''}`;
    return new Promise<RawAnswer>((resolve, reject) => {
      this.waiting = { resolve, reject, sentAt: performance.now() };
      socket.write(text);
    });
  }

  close(): void {
    clearInterval(this.watchdog);
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Promise<Socket> {
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      const onError = (err: Error): void => {
        this.connecting = undefined;
        reject(err);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        this.connecting = undefined;
        this.socket = socket;
        this.buffer = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => this.onData(chunk));
        // A socket we already let go of (Connection: close) must not fail its successor.
        socket.on('error', (err) => {
          if (this.socket === socket) this.fail(err);
        });
        socket.on('close', () => {
          if (this.socket === socket)
            this.fail(new HttpClientError('ECONNRESET', 'the server closed the connection'));
        });
        resolve(socket);
      });
    });
    return this.connecting;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const answer = parseAnswer(this.buffer);
    if (answer === 'incomplete') {
      if (this.buffer.length > MAX_HEAD && this.buffer.indexOf(HEADER_END) < 0)
        this.fail(new HttpClientError('BAD_RESPONSE', 'response head larger than 64 KiB'));
      return;
    }
    if (answer instanceof Error) {
      this.fail(answer);
      return;
    }
    const body = this.buffer.subarray(answer.bodyStart, answer.length);
    this.buffer = this.buffer.subarray(answer.length);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (answer.close) {
      this.socket?.destroy();
      this.socket = undefined;
    }
    if (!waiting) {
      this.fail(new HttpClientError('BAD_RESPONSE', 'an answer nobody asked for'));
      return;
    }
    waiting.resolve({ status: answer.status, body, chunked: answer.chunked });
  }

  private fail(err: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.buffer = Buffer.alloc(0);
    if (this.socket) {
      this.socket.destroy();
      this.socket = undefined;
    }
    waiting?.reject(err);
  }
}

interface Answer {
  readonly status: number;
  /** Bytes of the whole answer (head and body). */
  readonly length: number;
  readonly bodyStart: number;
  readonly chunked: boolean;
  readonly close: boolean;
}

/** Parses one complete HTTP/1.1 answer at the start of `buf`, or says it has not all arrived. */
export function parseAnswer(buf: Buffer): Answer | 'incomplete' | HttpClientError {
  const headEnd = buf.indexOf(HEADER_END);
  if (headEnd < 0) return 'incomplete';
  const head = buf.toString('latin1', 0, headEnd);
  const lines = head.split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!statusLine) return new HttpClientError('BAD_RESPONSE', `bad status line: ${lines[0]}`);
  const status = Number(statusLine[1]);
  let contentLength: number | undefined;
  let chunked = false;
  let close = lines[0].startsWith('HTTP/1.0');
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon < 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i]
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') contentLength = Number(value);
    else if (name === 'transfer-encoding') chunked = value.split(',').pop()?.trim() === 'chunked';
    else if (name === 'connection') close = value === 'close';
  }
  const bodyStart = headEnd + HEADER_END.length;
  if (chunked) {
    const end = chunkedEnd(buf, bodyStart);
    return end === 'incomplete' || end instanceof HttpClientError
      ? end
      : { status, length: end, bodyStart, chunked, close };
  }
  // No body on 204/304, and none unless a length says so (no read-until-close answers here).
  const length = status === 204 || status === 304 ? 0 : (contentLength ?? 0);
  if (!Number.isSafeInteger(length) || length < 0)
    return new HttpClientError('BAD_RESPONSE', 'bad content-length');
  if (buf.length < bodyStart + length) return 'incomplete';
  return { status, length: bodyStart + length, bodyStart, chunked, close };
}

/** Offset just past the last chunk (and trailers) of a chunked body starting at `from`. */
function chunkedEnd(buf: Buffer, from: number): number | 'incomplete' | HttpClientError {
  let at = from;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return 'incomplete';
    const size = parseInt(buf.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (!Number.isSafeInteger(size) || size < 0)
      return new HttpClientError('BAD_RESPONSE', 'bad chunk size');
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers (usually none) end with an empty line.
      for (;;) {
        const end = buf.indexOf('\r\n', at, 'latin1');
        if (end < 0) return 'incomplete';
        const empty = end === at;
        at = end + 2;
        if (empty) return at;
      }
    }
    if (buf.length < at + size + 2) return 'incomplete';
    at += size + 2;
  }
}

/** The payload of a chunked body (chunk extensions and trailers dropped). */
export function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at, 'latin1');
    const size = parseInt(body.toString('latin1', at, lineEnd).split(';')[0], 16);
    if (lineEnd < 0 || !(size > 0)) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The answer's body as text. */
export function bodyText(answer: RawAnswer): string {
  return (answer.chunked ? dechunk(answer.body) : answer.body).toString('utf8');
}
