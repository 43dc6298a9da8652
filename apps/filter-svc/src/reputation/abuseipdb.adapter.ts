import type { IpAddress } from '../ip/ip-address';
import type { AsnNetworkType } from '../network/network-detector';
import { asRecord, bool, getJson, num, str } from './http-json';
import { ProviderError, type ReputationAdapter, type ReputationResult } from './reputation.types';

export interface AbuseIpdbOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly maxAgeDays: number;
  readonly timeoutMs: number;
}

function usageNetwork(usage: string | undefined): AsnNetworkType | undefined {
  if (!usage) return undefined;
  const u = usage.toLowerCase();
  if (u.includes('data center') || u.includes('content delivery')) return 'datacenter';
  if (u.includes('mobile')) return 'mobile';
  if (u.includes('fixed line')) return 'residential';
  if (
    u.includes('commercial') ||
    u.includes('organization') ||
    u.includes('university') ||
    u.includes('government')
  ) {
    return 'business';
  }
  return undefined;
}

/** AbuseIPDB v2: `GET {base}/check?ipAddress=..&maxAgeInDays=..` with header `Key`. */
export class AbuseIpdbAdapter implements ReputationAdapter {
  readonly name = 'abuseipdb';
  readonly remote = true;

  constructor(private readonly options: AbuseIpdbOptions) {}

  async lookup(ip: IpAddress): Promise<ReputationResult> {
    const o = this.options;
    const query = new URLSearchParams({ ipAddress: ip.text, maxAgeInDays: String(o.maxAgeDays) });
    const url = `${o.baseUrl.replace(/\/$/, '')}/check?${query.toString()}`;
    const raw = asRecord(await getJson(this.name, url, { key: o.apiKey }, o.timeoutMs));
    if (Array.isArray(raw.errors)) {
      const first = asRecord(raw.errors[0]);
      throw new ProviderError(this.name, 'answer', str(first.detail) ?? 'errors in answer');
    }
    const data = asRecord(raw.data);
    const network = usageNetwork(str(data.usageType));
    return {
      signal: {
        score: bool(data.isWhitelisted) ? 0 : num(data.abuseConfidenceScore),
        tor: bool(data.isTor),
        datacenter: network === 'datacenter',
        country: str(data.countryCode),
        isp: str(data.isp),
        network,
      },
      raw,
    };
  }
}
