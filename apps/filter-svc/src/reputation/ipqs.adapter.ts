import type { IpAddress } from '../ip/ip-address';
import type { AsnNetworkType } from '../network/network-detector';
import { asRecord, bool, getJson, num, str } from './http-json';
import { ProviderError, type ReputationAdapter, type ReputationResult } from './reputation.types';

export interface IpqsOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly strictness: number;
  readonly timeoutMs: number;
}

const CONNECTION_TYPES: Record<string, AsnNetworkType> = {
  mobile: 'mobile',
  residential: 'residential',
  corporate: 'business',
  education: 'business',
  'data center': 'datacenter',
};

/**
 * IPQualityScore Proxy & VPN Detection:
 * `GET {base}/{key}/{ip}?strictness=N&allow_public_access_points=true&fast=true&mobile=true`.
 * Errors arrive as HTTP 200 with `success: false`.
 */
export class IpqsAdapter implements ReputationAdapter {
  readonly name = 'ipqualityscore';
  readonly remote = true;

  constructor(private readonly options: IpqsOptions) {}

  async lookup(ip: IpAddress): Promise<ReputationResult> {
    const o = this.options;
    const query = new URLSearchParams({
      strictness: String(o.strictness),
      allow_public_access_points: 'true',
      fast: 'true',
      mobile: 'true',
    });
    const url = `${o.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(o.apiKey)}/${encodeURIComponent(ip.text)}?${query.toString()}`;
    const raw = asRecord(await getJson(this.name, url, {}, o.timeoutMs));
    if (raw.success !== true) {
      throw new ProviderError(this.name, 'answer', str(raw.message) ?? 'success=false');
    }
    const vpn = bool(raw.vpn) || bool(raw.active_vpn);
    const tor = bool(raw.tor) || bool(raw.active_tor);
    const connection = str(raw.connection_type)?.toLowerCase();
    return {
      // `proxy` is also true for VPN and Tor; keep it for the other proxies only.
      signal: {
        vpn,
        tor,
        proxy: bool(raw.proxy) && !vpn && !tor,
        score: num(raw.fraud_score),
        datacenter: connection === 'data center',
        country: str(raw.country_code),
        asn: num(raw.ASN),
        isp: str(raw.ISP),
        network: connection ? CONNECTION_TYPES[connection] : undefined,
      },
      raw,
    };
  }
}
