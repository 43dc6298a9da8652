import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received, exactly as it arrived. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  /** Path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Raw body bytes (signatures are computed over these). */
  readonly body: Buffer;
  readonly receivedAt: Date;
  text(): string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json(): unknown;
}

export interface FakeResponse {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** Answer after this long (timeouts, slow providers). */
  readonly delayMs?: number;
}

export type FakeHandler = (req: RecordedRequest) => FakeResponse | Promise<FakeResponse>;
export type FakeRoute = FakeResponse | FakeHandler;
/** Keys: `"POST /path"`, `"/path"` (any method); a trailing `*` matches any rest of the path. */
export type FakeRoutes = Readonly<Record<string, FakeRoute>>;

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, oldest first (a live array). */
  readonly requests: readonly RecordedRequest[];
  /** Adds or replaces a route (see {@link FakeRoutes} for keys). */
  setRoute(key: string, route: FakeRoute): void;
  /** Answers requests no route matches (default: 404 JSON). */
  setFallback(handler: FakeHandler): void;
  /** Requests to `path` (and `method`, if given). */
  requestsTo(path: string, method?: string): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a random port that records every request and answers
 * from a handler or a route table; stands in for Telegram, NowPayments, FCM and the like.
 */
export async function startFakeServer(
  handlerOrRoutes: FakeHandler | FakeRoutes = {},
): Promise<FakeServer> {
  const routes = new Map<string, FakeRoute>();
  let fallback: FakeHandler = (req) => ({
    status: 404,
    body: { error: 'no fake route', method: req.method, path: req.path },
  });
  if (typeof handlerOrRoutes === 'function') fallback = handlerOrRoutes;
  else
    for (const [key, route] of Object.entries(handlerOrRoutes))
      routes.set(normalizeKey(key), route);

  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const find = (method: string, path: string): FakeRoute | undefined => {
    const exact = routes.get(`${method} ${path}`) ?? routes.get(`* ${path}`);
    if (exact) return exact;
    let best: { length: number; route: FakeRoute } | undefined;
    for (const [key, route] of routes) {
      const [m, pattern] = key.split(' ', 2);
      if ((m !== '*' && m !== method) || !pattern.endsWith('*')) continue;
      const head = pattern.slice(0, -1);
      if (path.startsWith(head) && (!best || head.length > best.length))
        best = { length: head.length, route };
    }
    return best?.route;
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://fake.local');
      const body = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body,
        receivedAt: new Date(),
        text: () => body.toString('utf8'),
        json: () => JSON.parse(body.toString('utf8')) as unknown,
      };
      requests.push(recorded);
      const route = find(recorded.method, recorded.path);
      const respond = route === undefined ? fallback : route;
      Promise.resolve()
        .then(() => (typeof respond === 'function' ? respond(recorded) : respond))
        .then(
          (answer) => send(res, answer, timers),
          (err: unknown) =>
            send(
              res,
              { status: 500, body: { error: err instanceof Error ? err.message : String(err) } },
              timers,
            ),
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    setRoute: (key, route) => void routes.set(normalizeKey(key), route),
    setFallback: (handler) => {
      fallback = handler;
    },
    requestsTo: (path, method) =>
      requests.filter(
        (r) => r.path === path && (method === undefined || r.method === method.toUpperCase()),
      ),
    clearRequests: () => void requests.splice(0, requests.length),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function normalizeKey(key: string): string {
  const trimmed = key.trim();
  const space = trimmed.indexOf(' ');
  if (space < 0) return `* ${trimmed}`;
  return `${trimmed.slice(0, space).toUpperCase()} ${trimmed.slice(space + 1).trim()}`;
}

function send(res: ServerResponse, answer: FakeResponse, timers: Set<NodeJS.Timeout>): void {
  const write = () => {
    if (res.destroyed) return;
    const headers: Record<string, string> = { ...answer.headers };
    let payload: Buffer;
    if (answer.body === undefined) payload = Buffer.alloc(0);
    else if (Buffer.isBuffer(answer.body)) payload = answer.body;
    else if (typeof answer.body === 'string') payload = Buffer.from(answer.body);
    else {
      payload = Buffer.from(JSON.stringify(answer.body));
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(answer.status ?? 200, headers);
    res.end(payload);
  };
  if (!answer.delayMs) return write();
  const timer = setTimeout(() => {
    timers.delete(timer);
    write();
  }, answer.delayMs);
  timers.add(timer);
}
