import type { GeoIpService } from '../geoip/geoip.service';
import type { IpAddress } from '../ip/ip-address';
import type { ReputationAdapter, ReputationResult } from './reputation.types';

/** MaxMind Anonymous-IP database, when configured: local VPN/proxy/Tor/hosting flags. */
export class MaxmindAnonymousAdapter implements ReputationAdapter {
  readonly name = 'maxmind_anonymous_ip';
  readonly remote = false;

  constructor(private readonly geo: GeoIpService) {}

  async lookup(ip: IpAddress): Promise<ReputationResult> {
    const r = this.geo.anonymousIp(ip) ?? {};
    const vpn = r.is_anonymous_vpn === true;
    const tor = r.is_tor_exit_node === true;
    return {
      signal: {
        vpn,
        tor,
        proxy: r.is_public_proxy === true || r.is_residential_proxy === true,
        datacenter: r.is_hosting_provider === true,
        network: r.is_hosting_provider ? 'datacenter' : undefined,
        score: vpn || tor ? 100 : undefined,
      },
      raw: r,
    };
  }
}
