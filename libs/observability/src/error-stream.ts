/**
 * The platform's error log: every 5xx the gateway answers and every gRPC INTERNAL a service
 * returns is appended to one Redis stream (`<REDIS_KEY_PREFIX>errors`), capped in length, which the
 * admin console reads (`GET /api/admin/logs/errors`). Redis is shared infrastructure, not a
 * service's table: no service reads another's database, and the writer never waits on a service.
 *
 * An error storm cannot flood it: each process writes through a token bucket (a burst, then a
 * steady rate); errors over the budget are counted and the next written entry carries that count
 * (`suppressed`). The stream keeps about `ERROR_STREAM_MAX_LEN` entries (XADD MAXLEN ~).
 * Entries carry no error message text (it may hold data or secrets): the error's class name, the
 * code the client saw, the request id, route or RPC, app, user and IP.
 */

export const ERROR_STREAM_KEY = 'errors';
export const ERROR_STREAM_MAX_LEN = 10_000;

export type ErrorKind = 'http_5xx' | 'grpc_internal';
export type ErrorLevel = 'error' | 'warn';

export interface ErrorEvent {
  readonly app: string;
  readonly kind: ErrorKind;
  readonly level: ErrorLevel;
  /** The gateway's request id (x-request-id), '' when unknown. */
  readonly requestId: string;
  /** HTTP: "GET /api/x/:id"; gRPC: "Service/Method". */
  readonly route: string;
  /** HTTP status, or the gRPC status code. */
  readonly status: number;
  /** Error code the client saw (e.g. internal, service_unavailable). */
  readonly code: string;
  /** Class name of the error (never its message). */
  readonly error: string;
  readonly userId: number;
  readonly ip: string;
}

export interface RecordedError extends ErrorEvent {
  /** Stream entry id (`<ms>-<seq>`): the keyset cursor. */
  readonly id: string;
  readonly at: Date;
  /** Errors dropped by this process's budget just before this one. */
  readonly suppressed: number;
}

/** The part of an ioredis client the recorder and reader use (keyPrefix applied by the client). */
export interface ErrorStreamRedis {
  xadd(key: string, ...args: (string | number)[]): Promise<unknown>;
  xrevrange(
    key: string,
    end: string,
    start: string,
    count: 'COUNT',
    n: number,
  ): Promise<[string, string[]][]>;
}

export interface ErrorBudget {
  /** Entries written at once before the rate applies. */
  readonly burst: number;
  /** Entries per second after the burst. */
  readonly perSecond: number;
}

export const DEFAULT_ERROR_BUDGET: ErrorBudget = { burst: 50, perSecond: 10 };

/** A token bucket: `take()` is true while the budget lasts. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly budget: ErrorBudget,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = budget.burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(
      this.budget.burst,
      this.tokens + ((t - this.last) / 1000) * this.budget.perSecond,
    );
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);

/** Writes error events of one process; never throws and never awaits Redis on the caller's path. */
export class ErrorRecorder {
  private readonly bucket: TokenBucket;
  private suppressed = 0;

  constructor(
    private readonly redis: ErrorStreamRedis,
    budget: ErrorBudget = DEFAULT_ERROR_BUDGET,
    now: () => number = Date.now,
    private readonly maxLen: number = ERROR_STREAM_MAX_LEN,
  ) {
    this.bucket = new TokenBucket(budget, now);
  }

  /** Entries dropped since the last written one. */
  get pendingSuppressed(): number {
    return this.suppressed;
  }

  /** Appends the event (or counts it when over budget). Resolves when written (tests await it). */
  record(e: ErrorEvent): Promise<void> {
    if (!this.bucket.take()) {
      this.suppressed += 1;
      return Promise.resolve();
    }
    const suppressed = this.suppressed;
    this.suppressed = 0;
    return this.redis
      .xadd(
        ERROR_STREAM_KEY,
        'MAXLEN',
        '~',
        this.maxLen,
        '*',
        'app',
        clip(e.app, 64),
        'kind',
        e.kind,
        'level',
        e.level,
        'req',
        clip(e.requestId, 64),
        'route',
        clip(e.route, 200),
        'status',
        e.status,
        'code',
        clip(e.code, 64),
        'error',
        clip(e.error, 100),
        'user',
        e.userId,
        'ip',
        clip(e.ip, 64),
        'suppressed',
        suppressed,
      )
      .then(() => undefined)
      .catch(() => {
        // Redis down: the error is still in the process log; the count is kept for the next one.
        this.suppressed += suppressed + 1;
      });
  }
}

export interface ErrorQuery {
  /** Newest first, strictly older than this entry id. */
  readonly before?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly userId?: number;
  readonly ip?: string;
  readonly level?: ErrorLevel;
  readonly limit: number;
  /** Entries examined at most per call (filters skip entries; the cursor moves past them). */
  readonly scanLimit?: number;
}

export interface ErrorPage {
  readonly items: RecordedError[];
  /** Pass as `before` for the next page; null at the end. */
  readonly next: string | null;
}

const STREAM_ID = /^\d{1,15}-\d{1,10}$/;

export const isStreamId = (s: string): boolean => STREAM_ID.test(s);

function parseEntry(id: string, fields: string[]): RecordedError {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1]!;
  return {
    id,
    at: new Date(Number(id.split('-')[0])),
    app: f.app ?? '',
    kind: f.kind === 'grpc_internal' ? 'grpc_internal' : 'http_5xx',
    level: f.level === 'warn' ? 'warn' : 'error',
    requestId: f.req ?? '',
    route: f.route ?? '',
    status: Number(f.status ?? 0),
    code: f.code ?? '',
    error: f.error ?? '',
    userId: Number(f.user ?? 0),
    ip: f.ip ?? '',
    suppressed: Number(f.suppressed ?? 0),
  };
}

/**
 * One page of the error log, newest first. Time bounds map onto stream ids (they are times);
 * the other filters are applied while scanning, at most `scanLimit` entries per call, so a rare
 * match may need several pages (`next` is non-null while older entries remain).
 */
export async function readErrors(redis: ErrorStreamRedis, q: ErrorQuery): Promise<ErrorPage> {
  const scanLimit = q.scanLimit ?? 2_000;
  let end = q.before ? `(${q.before}` : q.toMs !== undefined ? `${q.toMs}` : '+';
  if (q.before && q.toMs !== undefined && Number(q.before.split('-')[0]) > q.toMs)
    end = `${q.toMs}`;
  const start = q.fromMs !== undefined ? `${q.fromMs}` : '-';
  const items: RecordedError[] = [];
  let scanned = 0;
  let lastId: string | null = null;
  let more = true;
  scan: while (scanned < scanLimit) {
    const chunk = Math.min(500, scanLimit - scanned);
    const rows = await redis.xrevrange(ERROR_STREAM_KEY, end, start, 'COUNT', chunk);
    for (const [id, fields] of rows) {
      scanned += 1;
      lastId = id;
      const e = parseEntry(id, fields);
      if (q.userId !== undefined && e.userId !== q.userId) continue;
      if (q.ip !== undefined && e.ip !== q.ip) continue;
      if (q.level !== undefined && e.level !== q.level) continue;
      items.push(e);
      if (items.length === q.limit) break scan;
    }
    if (rows.length < chunk) {
      more = false;
      break;
    }
    end = `(${lastId}`;
  }
  return { items, next: more && lastId !== null ? lastId : null };
}

/** Errors recorded in the last `windowMs` (a rate for the live monitor), suppressed ones included. */
export async function countRecentErrors(
  redis: ErrorStreamRedis,
  windowMs: number,
  now = Date.now(),
  cap = 10_000,
): Promise<number> {
  const rows = await redis.xrevrange(ERROR_STREAM_KEY, '+', `${now - windowMs}`, 'COUNT', cap);
  let n = 0;
  for (const [id, fields] of rows) n += 1 + parseEntry(id, fields).suppressed;
  return n;
}
