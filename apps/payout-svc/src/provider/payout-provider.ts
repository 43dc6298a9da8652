/** A payout as the provider reports it, in the platform's terms. */
export interface ProviderPayout {
  readonly payoutId: string;
  readonly batchId: string;
  /** created: accepted but not yet confirmed (NowPayments: unverified batch). */
  readonly status: 'created' | 'processing' | 'finished' | 'failed';
  readonly txHash: string | null;
  readonly error: string | null;
  readonly raw: unknown;
}

export interface CreatePayoutRequest {
  /** The withdrawal's own id: the provider's unique external id (no second payout for it). */
  readonly externalId: string;
  readonly address: string;
  readonly amountMicroUsdt: number;
}

/** One call to the provider and its answer, stored raw in payout_audit. */
export interface ProviderCall {
  readonly withdrawId: string | null;
  readonly endpoint: string;
  readonly statusCode: number;
  readonly body: string;
}

export type ProviderCallSink = (call: ProviderCall) => Promise<void>;

/**
 * The payment provider. `transient` errors (network, timeouts, 5xx, 429) may be retried;
 * others are definitive: the provider refused and created nothing.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly code = '',
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface PayoutProvider {
  readonly name: string;
  createPayout(req: CreatePayoutRequest): Promise<ProviderPayout>;
  /** The payout created for `externalId` earlier (confirming it if it was left unconfirmed). */
  findPayout(externalId: string): Promise<ProviderPayout | undefined>;
  getPayoutStatus(ref: {
    payoutId: string;
    batchId: string;
    externalId: string;
  }): Promise<ProviderPayout>;
  cancelPayout(ref: { payoutId: string; batchId: string; externalId: string }): Promise<void>;
}

export const PAYOUT_PROVIDER = Symbol('PAYOUT_PROVIDER');
