import type { IpAddress } from '../ip/ip-address';
import type { AsnNetworkType } from '../network/network-detector';

/** What one reputation source says about an IP, normalised. */
export interface ReputationSignal {
  vpn?: boolean;
  proxy?: boolean;
  tor?: boolean;
  datacenter?: boolean;
  /** Location-preserving relay (iCloud Private Relay and the like). */
  relay?: boolean;
  /** Risk score 0..100. */
  score?: number;
  country?: string;
  asn?: number;
  isp?: string;
  /** The source's own idea of the network type. */
  network?: AsnNetworkType;
}

export interface ReputationResult {
  readonly signal: ReputationSignal;
  /** The provider's answer as received (stored in filter_audit). */
  readonly raw: unknown;
}

/** One reputation source: a third-party API or a local list/database. */
export interface ReputationAdapter {
  readonly name: string;
  /** Remote sources can fail; their failure triggers the cache/FAILURE_ACTION fallback. */
  readonly remote: boolean;
  lookup(ip: IpAddress): Promise<ReputationResult>;
}

export type ProviderAnswer =
  | {
      readonly provider: string;
      readonly ok: true;
      readonly signal: ReputationSignal;
      readonly raw: unknown;
      readonly latencyMs: number;
    }
  | {
      readonly provider: string;
      readonly ok: false;
      readonly error: string;
      readonly latencyMs: number;
    };

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: 'timeout' | 'http' | 'answer' | 'network' | 'circuit_open',
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
