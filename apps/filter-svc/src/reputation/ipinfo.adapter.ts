import type { IpAddress } from '../ip/ip-address';
import { asRecord, bool, getJson, str } from './http-json';
import type { ReputationAdapter, ReputationResult } from './reputation.types';

export interface IpinfoOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
}

/** ipinfo privacy detection: `GET {base}/{ip}/privacy` → {vpn, proxy, tor, relay, hosting, service}. */
export class IpinfoAdapter implements ReputationAdapter {
  readonly name = 'ipinfo';
  readonly remote = true;

  constructor(private readonly options: IpinfoOptions) {}

  async lookup(ip: IpAddress): Promise<ReputationResult> {
    const o = this.options;
    const url = `${o.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(ip.text)}/privacy`;
    const raw = asRecord(
      await getJson(this.name, url, { authorization: `Bearer ${o.token}` }, o.timeoutMs),
    );
    const vpn = bool(raw.vpn);
    const tor = bool(raw.tor);
    const relay = bool(raw.relay);
    return {
      signal: {
        vpn,
        tor,
        proxy: bool(raw.proxy),
        relay,
        datacenter: bool(raw.hosting),
        network: bool(raw.hosting) ? 'datacenter' : undefined,
        // A relay keeps the user's region but hides the IP: borderline, not a block.
        score: vpn || tor ? 100 : relay ? 60 : undefined,
      },
      raw: { ...raw, service: str(raw.service) ?? '' },
    };
  }
}
