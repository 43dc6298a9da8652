import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotApiFile {
  /** The multipart part's name (grammY's random attach id). */
  readonly part: string;
  readonly filename: string;
  readonly bytes: Buffer;
}

/** One Bot API call as the server received it (files resolved from `attach://<part>`). */
export interface BotApiCall {
  readonly method: string;
  readonly chatId: number | undefined;
  /** JSON or form fields; nested values (reply_markup) parsed. */
  readonly params: Record<string, unknown>;
  readonly files: readonly BotApiFile[];
  /** 200 or the error code the server answered. */
  readonly status: number;
}

interface BotApiAnswer {
  readonly status: number;
  readonly body:
    | { ok: true; result: unknown }
    | {
        ok: false;
        error_code: number;
        description: string;
        parameters?: { retry_after?: number };
      };
}

const fail = (
  error_code: number,
  description: string,
  parameters?: { retry_after: number },
): BotApiAnswer => ({
  status: error_code,
  body: { ok: false, error_code, description, ...(parameters ? { parameters } : {}) },
});

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

/**
 * A server speaking the Telegram Bot API's wire format on 127.0.0.1: `POST /bot<token>/<method>`
 * with a JSON, urlencoded or multipart/form-data body (files as `attach://<part>` plus a file
 * part, the way grammY uploads them); answers `{ok: true, result}` or Telegram's error shape
 * `{ok: false, error_code, description, parameters: {retry_after}}`. It knows getMe,
 * sendMessage, sendPhoto, sendDocument, getUpdates (updates queued with `pushUpdate`),
 * setWebhook and deleteWebhook; it records every call. Chats can be made to answer 403 (blocked,
 * deactivated) and the next calls 429. Tests drive it with the real grammY client; the sandbox
 * mode of `npm start` runs one in process.
 */
export class FakeBotApiServer {
  readonly calls: BotApiCall[] = [];
  /** Chats whose user blocked the bot (403 "Forbidden: bot was blocked by the user"). */
  readonly blocked = new Set<number>();
  /** Chats of deleted accounts (403 "Forbidden: user is deactivated"). */
  readonly deactivated = new Set<number>();
  private server: Server | undefined;
  private rateLimited: { remaining: number; retryAfter: number } = { remaining: 0, retryAfter: 0 };
  private messageId = 0;
  private updateId = 0;
  private readonly updates: { update_id: number; [key: string]: unknown }[] = [];
  private readonly waiting: (() => void)[] = [];

  /** `token`: the only token accepted (401 for any other); empty accepts any. */
  constructor(
    private readonly token = '',
    private readonly onCall?: (call: BotApiCall) => void,
  ) {}

  async start(port = 0): Promise<number> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeBotApiServer is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const wake of this.waiting.splice(0)) wake();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The next `times` calls answer 429 with `retry_after` seconds. */
  rateLimitNext(times: number, retryAfter: number): void {
    this.rateLimited = { remaining: times, retryAfter };
  }

  /** Queues an update for getUpdates (long polling) and returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number {
    this.updateId += 1;
    this.updates.push({ ...update, update_id: this.updateId });
    for (const wake of this.waiting.splice(0)) wake();
    return this.updateId;
  }

  /** Successful sends to a chat (what the user would see). */
  sentTo(chatId: number): BotApiCall[] {
    return this.calls.filter((c) => c.chatId === chatId && c.status === 200 && SENDS.has(c.method));
  }

  private async handle(req: IncomingMessage): Promise<BotApiAnswer> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0]);
    if (!match) return fail(404, 'Not Found');
    const [, token, method] = match;
    if (this.token && token !== this.token) return fail(401, 'Unauthorized');
    let params: Record<string, unknown>;
    let files: BotApiFile[];
    try {
      ({ params, files } = await readBody(req));
    } catch {
      return fail(400, 'Bad Request: can not parse the request body');
    }
    const chatId = params.chat_id === undefined ? undefined : Number(params.chat_id);
    const answer = await this.answer(method, params, files, chatId);
    const call: BotApiCall = { method, chatId, params, files, status: answer.status };
    this.calls.push(call);
    this.onCall?.(call);
    return answer;
  }

  private async answer(
    method: string,
    params: Record<string, unknown>,
    files: BotApiFile[],
    chatId: number | undefined,
  ): Promise<BotApiAnswer> {
    if (method === 'getMe')
      return ok({ id: 1, is_bot: true, first_name: 'TrafficShare', username: 'trafficshare_bot' });
    if (method === 'setWebhook' || method === 'deleteWebhook') return ok(true);
    if (method === 'getUpdates') return this.getUpdates(params);
    if (!SENDS.has(method)) return fail(404, 'Not Found: method not found');
    if (this.rateLimited.remaining > 0) {
      this.rateLimited.remaining -= 1;
      const retry_after = this.rateLimited.retryAfter;
      return fail(429, `Too Many Requests: retry after ${retry_after}`, { retry_after });
    }
    if (chatId === undefined || !Number.isSafeInteger(chatId) || chatId === 0)
      return fail(400, 'Bad Request: chat_id is empty');
    if (this.blocked.has(chatId)) return fail(403, 'Forbidden: bot was blocked by the user');
    if (this.deactivated.has(chatId)) return fail(403, 'Forbidden: user is deactivated');
    if (method === 'sendMessage' && (typeof params.text !== 'string' || params.text.length === 0))
      return fail(400, 'Bad Request: message text is empty');
    const field = method === 'sendPhoto' ? 'photo' : method === 'sendDocument' ? 'document' : '';
    if (field) {
      const ref = params[field];
      const attached =
        typeof ref === 'string' && ref.startsWith('attach://')
          ? files.find((f) => f.part === ref.slice('attach://'.length))
          : undefined;
      if (!attached) return fail(400, `Bad Request: there is no ${field} in the request`);
      if (attached.bytes.length === 0) return fail(400, 'Bad Request: file must be non-empty');
    }
    this.messageId += 1;
    return ok({
      message_id: this.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' },
      ...(typeof params.text === 'string' ? { text: params.text } : {}),
      ...(typeof params.caption === 'string' ? { caption: params.caption } : {}),
    });
  }

  private async getUpdates(params: Record<string, unknown>): Promise<BotApiAnswer> {
    const offset = Number(params.offset ?? 0);
    const drop = this.updates.findIndex((u) => u.update_id >= offset);
    this.updates.splice(0, drop === -1 ? this.updates.length : drop);
    const timeout = Math.min(Number(params.timeout ?? 0), 50);
    if (this.updates.length === 0 && timeout > 0 && this.server)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeout * 1000);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    const limit = Math.min(Math.max(Number(params.limit ?? 100), 1), 100);
    return ok(this.updates.slice(0, limit));
  }
}

function ok(result: unknown): BotApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

async function readBody(
  req: IncomingMessage,
): Promise<{ params: Record<string, unknown>; files: BotApiFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { params: {}, files: [] };
  if (type.startsWith('application/json'))
    return { params: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
  if (type.startsWith('application/x-www-form-urlencoded'))
    return {
      params: Object.fromEntries(
        [...new URLSearchParams(raw.toString('utf8'))].map(([k, v]) => [k, parseField(v)]),
      ),
      files: [],
    };
  const boundary = /boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  if (type.startsWith('multipart/form-data') && boundary) return parseMultipart(raw, boundary);
  throw new Error('unsupported body');
}

/** Form fields carry objects as JSON text (reply_markup); numbers stay strings like Telegram. */
function parseField(value: string): unknown {
  if (/^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

function parseMultipart(
  raw: Buffer,
  boundary: string,
): { params: Record<string, unknown>; files: BotApiFile[] } {
  const params: Record<string, unknown> = {};
  const files: BotApiFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let at = raw.indexOf(delimiter);
  if (at === -1) throw new Error('no boundary');
  for (;;) {
    let start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    if (raw.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) throw new Error('unterminated part');
    // The part ends with CRLF before the next delimiter.
    const part = raw.subarray(start, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw new Error('part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const body = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /name="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /filename=("?)([^";\r\n]*)\1/i.exec(disposition)?.[2];
    if (!name) throw new Error('part without a name');
    if (filename !== undefined) files.push({ part: name, filename, bytes: Buffer.from(body) });
    else params[name] = parseField(body.toString('utf8'));
    at = next;
  }
  return { params, files };
}
