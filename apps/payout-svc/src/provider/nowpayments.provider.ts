import { formatMicro } from '../common/money';
import { totp } from '../common/totp';
import {
  ProviderError,
  type CreatePayoutRequest,
  type PayoutProvider,
  type ProviderCallSink,
  type ProviderPayout,
} from './payout-provider';

export interface NowPaymentsOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly email: string;
  readonly password: string;
  readonly twoFactorSecret: string;
  readonly currency: string;
  readonly ipnCallbackUrl: string;
  readonly timeoutMs: number;
  readonly audit: ProviderCallSink;
}

interface NpWithdrawal {
  id: string;
  batch_withdrawal_id: string;
  status: string;
  hash?: string | null;
  error?: string | null;
  unique_external_id?: string | null;
}

// A JWT lives 5 minutes; renew a little earlier.
const TOKEN_TTL_MS = 4 * 60_000;
const LIST_PAGES = 5;
const LIST_LIMIT = 100;

function statusOf(s: string): ProviderPayout['status'] {
  switch (s.toUpperCase()) {
    case 'CREATING':
      return 'created';
    case 'FINISHED':
      return 'finished';
    case 'FAILED':
    case 'REJECTED':
    case 'CANCELLED':
      return 'failed';
    default:
      // WAITING, PROCESSING, SENDING and anything new: not final.
      return 'processing';
  }
}

/**
 * NowPayments mass payouts: `POST /v1/auth` for the JWT, `POST /v1/payout` with x-api-key +
 * Bearer, `POST /v1/payout/{batch}/verify` with the TOTP code of the account's 2FA secret,
 * `GET /v1/payout/{batch}` for status, `GET /v1/payout` to find a payout by its
 * unique_external_id (the withdrawal id). Every call and answer goes to the audit sink.
 */
export class NowPaymentsProvider implements PayoutProvider {
  readonly name = 'nowpayments';
  private token: { value: string; until: number } | undefined;

  constructor(private readonly o: NowPaymentsOptions) {}

  async createPayout(req: CreatePayoutRequest): Promise<ProviderPayout> {
    const withdrawal: Record<string, unknown> = {
      address: req.address,
      currency: this.o.currency,
      amount: Number(formatMicro(req.amountMicroUsdt)),
      unique_external_id: req.externalId,
    };
    if (this.o.ipnCallbackUrl) withdrawal.ipn_callback_url = this.o.ipnCallbackUrl;
    let res: { id: string; withdrawals: NpWithdrawal[] };
    try {
      res = (await this.call('POST', '/v1/payout', req.externalId, {
        withdrawals: [withdrawal],
      })) as typeof res;
    } catch (err) {
      // Created before (an answer lost to a crash or timeout): the existing one, never a second.
      if (err instanceof ProviderError && err.code === 'DUPLICATE_UNIQUE_EXTERNAL_ID') {
        const found = await this.findPayout(req.externalId);
        if (found) return found;
      }
      throw err;
    }
    const w = res.withdrawals?.[0];
    if (!w) throw new ProviderError('NowPayments answered without a withdrawal', true);
    await this.verify(res.id, req.externalId);
    return {
      ...this.toPayout(w),
      status: statusOf(w.status) === 'created' ? 'processing' : statusOf(w.status),
    };
  }

  async findPayout(externalId: string): Promise<ProviderPayout | undefined> {
    for (let page = 0; page < LIST_PAGES; page += 1) {
      const res = (await this.call(
        'GET',
        `/v1/payout?limit=${LIST_LIMIT}&page=${page}&order_by=createdAt&order=desc`,
        externalId,
      )) as { payouts?: NpWithdrawal[] };
      const list = res.payouts ?? [];
      const w = list.find((x) => x.unique_external_id === externalId);
      if (w) {
        if (statusOf(w.status) === 'created') {
          await this.verify(w.batch_withdrawal_id, externalId);
          return { ...this.toPayout(w), status: 'processing' };
        }
        return this.toPayout(w);
      }
      if (list.length < LIST_LIMIT) break;
    }
    return undefined;
  }

  async getPayoutStatus(ref: {
    payoutId: string;
    batchId: string;
    externalId: string;
  }): Promise<ProviderPayout> {
    const res = (await this.call(
      'GET',
      `/v1/payout/${encodeURIComponent(ref.batchId)}`,
      ref.externalId,
    )) as {
      withdrawals?: NpWithdrawal[];
    };
    const w = res.withdrawals?.find((x) => String(x.id) === ref.payoutId);
    if (!w) throw new ProviderError(`payout ${ref.payoutId} not in batch ${ref.batchId}`, true);
    return this.toPayout(w);
  }

  cancelPayout(): Promise<void> {
    // A verified NowPayments mass payout cannot be cancelled through the API.
    return Promise.reject(
      new ProviderError('NowPayments cannot cancel a verified payout', false, 'unsupported'),
    );
  }

  private async verify(batchId: string, externalId: string): Promise<void> {
    try {
      await this.call('POST', `/v1/payout/${encodeURIComponent(batchId)}/verify`, externalId, {
        verification_code: totp(this.o.twoFactorSecret),
      });
    } catch (err) {
      // A wrong code (clock skew at a 30 s boundary) is worth another try, not a failed payout.
      if (err instanceof ProviderError && err.code === 'INVALID_VERIFICATION_CODE')
        throw new ProviderError(err.message, true, err.code);
      throw err;
    }
  }

  private toPayout(w: NpWithdrawal): ProviderPayout {
    return {
      payoutId: String(w.id),
      batchId: String(w.batch_withdrawal_id),
      status: statusOf(w.status),
      txHash: w.hash ?? null,
      error: w.error ?? null,
      raw: w,
    };
  }

  private async jwt(externalId: string): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const res = (await this.request(
      'POST',
      '/v1/auth',
      externalId,
      { email: this.o.email, password: this.o.password },
      false,
    )) as {
      token?: string;
    };
    if (!res.token) throw new ProviderError('NowPayments auth answered without a token', true);
    this.token = { value: res.token, until: Date.now() + TOKEN_TTL_MS };
    return res.token;
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    externalId: string,
    body?: unknown,
  ): Promise<unknown> {
    try {
      return await this.request(method, path, externalId, body, true);
    } catch (err) {
      // An expired or revoked JWT: log in again once.
      if (err instanceof ProviderError && err.code === 'http_401') {
        this.token = undefined;
        return this.request(method, path, externalId, body, true);
      }
      throw err;
    }
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    externalId: string,
    body: unknown,
    authed: boolean,
  ): Promise<unknown> {
    const headers: Record<string, string> = { 'x-api-key': this.o.apiKey };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (authed) headers.authorization = `Bearer ${await this.jwt(externalId)}`;
    // The audit never stores the password.
    const sent =
      path === '/v1/auth' ? '{"email":"…","password":"[redacted]"}' : JSON.stringify(body ?? null);
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${this.o.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      await this.o.audit({
        withdrawId: externalId,
        endpoint: `${method} ${path}`,
        statusCode: 0,
        body: `→ ${sent}\n← ${String(err)}`,
      });
      throw new ProviderError(
        `NowPayments unreachable: ${(err as Error).message}`,
        true,
        'network',
      );
    }
    await this.o.audit({
      withdrawId: externalId,
      endpoint: `${method} ${path}`,
      statusCode: status,
      body: `→ ${sent}\n← ${path === '/v1/auth' ? '[token]' : text}`,
    });
    if (status >= 200 && status < 300) {
      try {
        return text === '' || text === 'OK' ? {} : (JSON.parse(text) as unknown);
      } catch {
        return {};
      }
    }
    let code = `http_${status}`;
    let message = text.slice(0, 200);
    try {
      const e = JSON.parse(text) as { code?: string; message?: string };
      if (status !== 401 && e.code) code = e.code;
      if (e.message) message = e.message;
    } catch {
      // not JSON: keep the text
    }
    const transient = status >= 500 || status === 429 || status === 408 || status === 401;
    throw new ProviderError(
      `NowPayments ${method} ${path} → ${status}: ${message}`,
      transient,
      code,
    );
  }
}
