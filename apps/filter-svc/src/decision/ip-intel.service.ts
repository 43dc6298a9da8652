import { Injectable } from '@nestjs/common';

import { AlertsService } from '../alerts/alerts.service';
import { IpCacheService } from '../cache/ip-cache.service';
import { GeoIpService } from '../geoip/geoip.service';
import type { IpAddress } from '../ip/ip-address';
import { filterMetrics } from '../metrics/filter.metrics';
import type { CheckStep } from '../policy/policy.engine';
import { aggregateIntel, type IpIntel } from '../reputation/ip-intel';
import { ReputationService } from '../reputation/reputation.service';

export interface IntelLookup {
  readonly intel: IpIntel;
  /** stale_cache: providers down, an older verdict used; failure_action: nothing to go on. */
  readonly fallback?: 'stale_cache' | 'failure_action';
  readonly checks: CheckStep[];
}

/** A verdict for an IP always gets a second look this soon when a provider did not answer. */
const PARTIAL_TTL_S = 300;

/**
 * GeoIP + reputation for an IP that missed the cache, with this fallback: every remote
 * provider down → the last cached verdict, else FAILURE_ACTION (decided by the caller).
 */
@Injectable()
export class IpIntelService {
  constructor(
    private readonly geo: GeoIpService,
    private readonly reputation: ReputationService,
    private readonly cache: IpCacheService,
    private readonly alerts: AlertsService,
  ) {}

  /** GeoIP only (allowlisted IPs, admin audit): no provider is asked. */
  local(ip: IpAddress): IpIntel {
    return this.withAsnList(aggregateIntel(this.geo.lookup(ip), []));
  }

  async lookup(ip: IpAddress, ttlS: number): Promise<IntelLookup> {
    const geo = this.geo.lookup(ip);
    const answers = await this.reputation.lookup(ip);
    const remote = new Set(this.reputation.remoteProviders);
    const remoteAnswers = answers.filter((a) => remote.has(a.provider));
    const failed = remoteAnswers.filter((a) => !a.ok);
    const intel = this.withAsnList(aggregateIntel(geo, answers));
    const checks: CheckStep[] = [
      {
        name: 'geoip',
        outcome: geo.country ? 'pass' : 'warn',
        detail:
          `country ${geo.country ?? 'unknown'}, region ${geo.region ?? '-'}, AS${geo.asn ?? '?'} ${geo.isp ?? ''}`.trim(),
      },
    ];
    const detail =
      answers.map((a) => `${a.provider}:${a.ok ? 'ok' : 'error'}`).join(' ') || 'no sources';

    if (remoteAnswers.length > 0 && failed.length === remoteAnswers.length) {
      const stale = await this.cache.getStale(ip.text);
      const fallback = stale ? 'stale_cache' : 'failure_action';
      filterMetrics.fallbacks.inc({ fallback });
      for (const f of failed) this.alerts.providerDown(f.provider, f.ok ? '' : f.error, fallback);
      checks.push({
        name: 'reputation',
        outcome: 'error',
        detail: `${detail}; every provider down → ${stale ? `cached verdict of ${stale.checkedAt}` : 'FAILURE_ACTION'}`,
      });
      return stale
        ? { intel: { ...stale, providers: intel.providers }, fallback, checks }
        : { intel, fallback, checks };
    }
    for (const f of failed) this.alerts.providerDown(f.provider, f.ok ? '' : f.error, 'partial');
    checks.push({ name: 'reputation', outcome: failed.length > 0 ? 'warn' : 'pass', detail });
    await this.cache.set(ip.text, intel, failed.length > 0 ? Math.min(ttlS, PARTIAL_TTL_S) : ttlS);
    return { intel, checks };
  }

  /** The AS of the address on the datacenter or VPN-operator ASN lists. */
  private withAsnList(intel: IpIntel): IpIntel {
    if (this.reputation.isVpnAsn(intel.asn)) {
      return {
        ...intel,
        isVpn: true,
        vpnScore: 100,
        isDatacenter: true,
        networkTypeAsn: 'datacenter',
        sources: [...intel.sources, 'vpn_asn_list'],
      };
    }
    if (!this.reputation.isDatacenterAsn(intel.asn)) return intel;
    return {
      ...intel,
      isDatacenter: true,
      networkTypeAsn: 'datacenter',
      sources: [...intel.sources, 'datacenter_asn_list'],
    };
  }
}
