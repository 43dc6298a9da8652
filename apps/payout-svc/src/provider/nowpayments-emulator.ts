import { randomBytes, randomInt } from 'node:crypto';

import {
  startFakeServer,
  type FakeResponse,
  type FakeServer,
  type RecordedRequest,
} from '@trafficshare/testing';

import { totp } from '../common/totp';
import { ipnSignature } from './ipn-signature';

export interface EmulatorOptions {
  readonly apiKey: string;
  readonly email: string;
  readonly password: string;
  readonly ipnSecret: string;
  readonly twoFactorSecret: string;
  /** A verified payout finishes this long later; negative: only when told (finish()/fail()). */
  readonly completeAfterMs: number;
  /** Addresses (lower case) whose payouts fail / never leave PROCESSING. */
  readonly failAddresses?: readonly string[];
  readonly stallAddresses?: readonly string[];
  /** Addresses (lower case) whose first `flakyFailures` payout requests answer 503. */
  readonly flakyAddresses?: readonly string[];
  readonly flakyFailures?: number;
  /** Forget finished payouts after this many (a long-running sandbox). */
  readonly keep?: number;
}

export interface EmulatedWithdrawal {
  id: string;
  batch_withdrawal_id: string;
  address: string;
  currency: string;
  amount: string;
  ipn_callback_url: string | null;
  unique_external_id: string | null;
  status: string;
  hash: string | null;
  error: string | null;
  extra_id: string | null;
  fee: string;
  is_request_payouts: boolean;
  created_at: string;
  requested_at: string | null;
  updated_at: string | null;
}

/**
 * NowPayments' mass-payout API on 127.0.0.1, answering in its wire format: `POST /v1/auth`
 * (JWT), `POST /v1/payout` (x-api-key + Bearer), `POST /v1/payout/{batch}/verify` (TOTP of the
 * account's 2FA secret), `GET /v1/payout/{batch}`, `GET /v1/payout` (list), and signed IPNs
 * (`x-nowpayments-sig`) to each withdrawal's ipn_callback_url. Tests drive it (and inject
 * failures); the sandbox provider of `npm start` is this emulator with timed completion.
 */
export class NowPaymentsEmulator {
  readonly withdrawals = new Map<string, EmulatedWithdrawal>();
  /** Withdrawal ids per batch. */
  private readonly batches = new Map<string, string[]>();
  private readonly tokens = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Answers to serve before normal handling (failure injection), per "METHOD /path-prefix". */
  private readonly injected: Array<{ match: string; response: FakeResponse }> = [];
  /** Called after a payout was created (before the answer leaves): crash-injection hook. */
  onCreated?: (w: EmulatedWithdrawal) => void;
  /** Counts of creations per unique_external_id (a test's "paid exactly once"). */
  readonly creations = new Map<string, number>();
  readonly ipnsSent: Array<{ url: string; body: unknown; status: number }> = [];
  /** 503s served per flaky address so far. */
  private readonly flaked = new Map<string, number>();

  private constructor(
    private readonly options: EmulatorOptions,
    readonly server: FakeServer,
  ) {}

  static async start(options: EmulatorOptions): Promise<NowPaymentsEmulator> {
    const holder: { e?: NowPaymentsEmulator } = {};
    const server = await startFakeServer((req) => holder.e!.handle(req));
    holder.e = new NowPaymentsEmulator(options, server);
    return holder.e;
  }

  get url(): string {
    return this.server.url;
  }

  /** The next answer to a request starting with `match` ("POST /v1/payout") is this one. */
  inject(match: string, response: FakeResponse, times = 1): void {
    for (let i = 0; i < times; i += 1) this.injected.push({ match, response });
  }

  async handle(req: RecordedRequest): Promise<FakeResponse> {
    const line = `${req.method} ${req.path}`;
    const i = this.injected.findIndex((x) => line.startsWith(x.match));
    if (i >= 0) return this.injected.splice(i, 1)[0].response;
    if (req.method === 'POST' && req.path === '/v1/auth') return this.auth(req);
    if (!req.path.startsWith('/v1/payout')) return error(404, 'NOT_FOUND', 'Not found');
    if (req.headers['x-api-key'] !== this.options.apiKey)
      return error(403, 'INVALID_API_KEY', 'Invalid api key');
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const expires = this.tokens.get(token);
    if (!expires || expires < Date.now())
      return error(401, 'AUTH_REQUIRED', 'Authorization header is required');
    const verify = /^\/v1\/payout\/([^/]+)\/verify$/.exec(req.path);
    if (req.method === 'POST' && verify) return this.verify(verify[1], req);
    if (req.method === 'POST' && req.path === '/v1/payout') return this.create(req);
    const one = /^\/v1\/payout\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && one) return this.batch(one[1]);
    if (req.method === 'GET' && req.path === '/v1/payout') return this.list(req);
    return error(404, 'NOT_FOUND', 'Not found');
  }

  private auth(req: RecordedRequest): FakeResponse {
    const body = safeJson(req) as { email?: string; password?: string } | undefined;
    if (body?.email !== this.options.email || body.password !== this.options.password) {
      return error(401, 'INVALID_CREDENTIALS', 'Invalid email or password');
    }
    const token = `eyJ${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, Date.now() + 5 * 60_000);
    return { status: 200, body: { token } };
  }

  private create(req: RecordedRequest): FakeResponse {
    const body = safeJson(req) as
      { ipn_callback_url?: string; withdrawals?: Array<Record<string, unknown>> } | undefined;
    if (!body || !Array.isArray(body.withdrawals) || body.withdrawals.length === 0) {
      return error(400, 'BAD_REQUEST', 'withdrawals is required');
    }
    for (const w of body.withdrawals) {
      const flaky = typeof w.address === 'string' ? w.address.toLowerCase() : '';
      if (this.options.flakyAddresses?.includes(flaky)) {
        const n = this.flaked.get(flaky) ?? 0;
        if (n < (this.options.flakyFailures ?? 2)) {
          this.flaked.set(flaky, n + 1);
          return error(503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable');
        }
      }
      if (typeof w.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(w.address))
        return error(400, 'INVALID_ADDRESS', `Invalid address ${String(w.address)}`);
      if (
        typeof w.amount !== 'number' ||
        !(w.amount > 0) ||
        !/^\d+(\.\d{1,6})?$/.test(String(w.amount))
      )
        return error(
          400,
          'INVALID_AMOUNT',
          'amount must be a positive number with at most 6 decimals',
        );
      if (w.currency !== 'usdtbsc') return error(400, 'INVALID_CURRENCY', 'Currency not supported');
      const ext = w.unique_external_id;
      if (
        typeof ext === 'string' &&
        [...this.withdrawals.values()].some((x) => x.unique_external_id === ext)
      )
        return error(
          400,
          'DUPLICATE_UNIQUE_EXTERNAL_ID',
          `unique_external_id ${ext} already exists`,
        );
    }
    const batchId = String(5_000_000_000 + randomInt(1_000_000_000));
    const now = new Date().toISOString();
    const made: EmulatedWithdrawal[] = body.withdrawals.map((w) => ({
      id: String(5_000_000_000 + randomInt(1_000_000_000)),
      batch_withdrawal_id: batchId,
      address: String(w.address),
      currency: String(w.currency),
      amount: String(w.amount),
      ipn_callback_url:
        typeof w.ipn_callback_url === 'string'
          ? w.ipn_callback_url
          : (body.ipn_callback_url ?? null),
      unique_external_id: typeof w.unique_external_id === 'string' ? w.unique_external_id : null,
      status: 'CREATING',
      hash: null,
      error: null,
      extra_id: null,
      fee: '0.1',
      is_request_payouts: false,
      created_at: now,
      requested_at: null,
      updated_at: null,
    }));
    for (const w of made) {
      this.withdrawals.set(w.id, w);
      if (w.unique_external_id)
        this.creations.set(
          w.unique_external_id,
          (this.creations.get(w.unique_external_id) ?? 0) + 1,
        );
      this.onCreated?.(w);
    }
    this.batches.set(
      batchId,
      made.map((w) => w.id),
    );
    this.prune();
    return { status: 200, body: { id: batchId, withdrawals: made } };
  }

  private verify(batchId: string, req: RecordedRequest): FakeResponse {
    const ids = this.batches.get(batchId);
    if (!ids) return error(404, 'BATCH_NOT_FOUND', 'Batch not found');
    const code = (safeJson(req) as { verification_code?: string } | undefined)?.verification_code;
    const now = Date.now();
    const valid = [-30_000, 0, 30_000].some(
      (d) => totp(this.options.twoFactorSecret, now + d) === code,
    );
    if (!valid) return error(400, 'INVALID_VERIFICATION_CODE', 'Wrong verification code');
    for (const id of ids) {
      const w = this.withdrawals.get(id)!;
      if (w.status !== 'CREATING') continue;
      this.set(w, 'WAITING');
      w.requested_at = new Date().toISOString();
      if (this.options.completeAfterMs >= 0) this.schedule(w);
    }
    return { status: 200, body: 'OK', headers: { 'content-type': 'text/plain' } };
  }

  private schedule(w: EmulatedWithdrawal): void {
    const after = this.options.completeAfterMs;
    const step = (ms: number, fn: () => void) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        fn();
      }, ms);
      t.unref();
      this.timers.add(t);
    };
    step(after / 3, () => this.set(w, 'PROCESSING'));
    const addr = w.address.toLowerCase();
    if (this.options.stallAddresses?.includes(addr)) return;
    if (this.options.failAddresses?.includes(addr))
      step(after, () => this.fail(w.id, 'Address rejected by the network'));
    else step(after, () => this.finish(w.id));
  }

  /** The payout is on chain: FINISHED with a tx hash. */
  finish(id: string): EmulatedWithdrawal {
    const w = this.withdrawals.get(id)!;
    w.hash = `0x${randomBytes(32).toString('hex')}`;
    this.set(w, 'FINISHED');
    return w;
  }

  fail(id: string, reason = 'Insufficient funds on the payout wallet'): EmulatedWithdrawal {
    const w = this.withdrawals.get(id)!;
    w.error = reason;
    this.set(w, 'FAILED');
    return w;
  }

  /** The withdrawal this platform created with `externalId`. */
  byExternalId(externalId: string): EmulatedWithdrawal | undefined {
    return [...this.withdrawals.values()].find((w) => w.unique_external_id === externalId);
  }

  private set(w: EmulatedWithdrawal, status: string): void {
    w.status = status;
    w.updated_at = new Date().toISOString();
    void this.sendIpn(w);
  }

  /** Sends the IPN for the withdrawal's current state, signed; resolves with the HTTP status. */
  async sendIpn(w: EmulatedWithdrawal, signatureOverride?: string): Promise<number> {
    if (!w.ipn_callback_url) return 0;
    const body = { ...w };
    const sig = signatureOverride ?? ipnSignature(this.options.ipnSecret, body);
    try {
      const res = await fetch(w.ipn_callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nowpayments-sig': sig },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      this.ipnsSent.push({ url: w.ipn_callback_url, body, status: res.status });
      return res.status;
    } catch {
      this.ipnsSent.push({ url: w.ipn_callback_url, body, status: 0 });
      return 0;
    }
  }

  private batch(batchId: string): FakeResponse {
    const ids = this.batches.get(batchId);
    if (!ids) return error(404, 'BATCH_NOT_FOUND', 'Batch not found');
    const withdrawals = ids.map((id) => this.withdrawals.get(id)!);
    return {
      status: 200,
      body: { id: batchId, createdAt: withdrawals[0]?.created_at, withdrawals },
    };
  }

  private list(req: RecordedRequest): FakeResponse {
    const limit = Math.min(500, Number(req.query.get('limit') ?? 10) || 10);
    const page = Number(req.query.get('page') ?? 0) || 0;
    const all = [...this.withdrawals.values()].reverse();
    return {
      status: 200,
      body: { payouts: all.slice(page * limit, page * limit + limit), count: all.length },
    };
  }

  private prune(): void {
    const keep = this.options.keep ?? Infinity;
    if (this.withdrawals.size <= keep) return;
    for (const [id, w] of this.withdrawals) {
      if (this.withdrawals.size <= keep) break;
      if (w.status === 'FINISHED' || w.status === 'FAILED') this.withdrawals.delete(id);
    }
    this.server.clearRequests();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    await this.server.close();
  }
}

function error(status: number, code: string, message: string): FakeResponse {
  return { status, body: { status: false, statusCode: status, code, message } };
}

function safeJson(req: RecordedRequest): unknown {
  try {
    return req.json();
  } catch {
    return undefined;
  }
}
