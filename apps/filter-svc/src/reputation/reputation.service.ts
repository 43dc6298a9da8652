import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';

import { CONFIG, LOGGER } from '@trafficshare/service-kit';
import type { Logger } from '@trafficshare/observability';

import { AlertsService } from '../alerts/alerts.service';
import type { AppConfig } from '../config';
import { GeoIpService } from '../geoip/geoip.service';
import { CidrMatcher } from '../ip/cidr-matcher';
import type { IpAddress } from '../ip/ip-address';
import { filterMetrics } from '../metrics/filter.metrics';
import { AbuseIpdbAdapter } from './abuseipdb.adapter';
import { CircuitBreaker } from './circuit-breaker';
import { IpinfoAdapter } from './ipinfo.adapter';
import { IpqsAdapter } from './ipqs.adapter';
import { MaxmindAnonymousAdapter } from './maxmind-anonymous.adapter';
import { listPaths } from './bundled-lists';
import { OfflineListsAdapter, parseAsnList, readLists } from './offline-lists.adapter';
import { ProviderError, type ProviderAnswer, type ReputationAdapter } from './reputation.types';

/**
 * Runs every configured reputation source for an IP in parallel. Remote providers go through
 * a circuit breaker each; a provider without a key is not configured at all.
 */
@Injectable()
export class ReputationService implements OnModuleInit {
  private adapters: ReputationAdapter[] = [];
  private readonly breakers = new Map<string, CircuitBreaker>();
  private datacenterAsns = new Set<number>();
  private vpnAsns = new Set<number>();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly geo: GeoIpService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    const c = this.config;
    const timeoutMs = c.PROVIDER_TIMEOUT_MS;
    const adapters: ReputationAdapter[] = [];
    const started = performance.now();
    const offline = new OfflineListsAdapter(
      new CidrMatcher(readLists(listPaths(c.OFFLINE_VPN_LISTS, 'vpn'))),
      new CidrMatcher(readLists(listPaths(c.OFFLINE_DATACENTER_LISTS, 'datacenter'))),
    );
    this.datacenterAsns = parseAsnList(
      readLists(listPaths(c.OFFLINE_DATACENTER_ASN_LISTS, 'datacenterAsn')),
    );
    this.vpnAsns = parseAsnList(readLists(listPaths(c.OFFLINE_VPN_ASN_LISTS, 'vpnAsn')));
    if (offline.size > 0) adapters.push(offline);
    if (this.geo.hasAnonymousIpDb) adapters.push(new MaxmindAnonymousAdapter(this.geo));
    if (c.IPQS_API_KEY) {
      adapters.push(
        new IpqsAdapter({
          baseUrl: c.IPQS_BASE_URL,
          apiKey: c.IPQS_API_KEY.reveal(),
          strictness: c.IPQS_STRICTNESS,
          timeoutMs,
        }),
      );
    }
    if (c.IPINFO_TOKEN) {
      adapters.push(
        new IpinfoAdapter({
          baseUrl: c.IPINFO_BASE_URL,
          token: c.IPINFO_TOKEN.reveal(),
          timeoutMs,
        }),
      );
    }
    if (c.ABUSEIPDB_API_KEY) {
      adapters.push(
        new AbuseIpdbAdapter({
          baseUrl: c.ABUSEIPDB_BASE_URL,
          apiKey: c.ABUSEIPDB_API_KEY.reveal(),
          maxAgeDays: c.ABUSEIPDB_MAX_AGE_DAYS,
          timeoutMs,
        }),
      );
    }
    this.setAdapters(adapters);
    this.logger.info(
      {
        sources: adapters.map((a) => a.name),
        offline_ranges: offline.size,
        datacenter_asns: this.datacenterAsns.size,
        vpn_asns: this.vpnAsns.size,
        load_ms: Math.round(performance.now() - started),
      },
      'reputation sources ready',
    );
  }

  /** Replaces the sources (tests). */
  setAdapters(adapters: ReputationAdapter[]): void {
    this.adapters = adapters;
    this.breakers.clear();
    for (const a of adapters.filter((x) => x.remote)) {
      this.breakers.set(
        a.name,
        new CircuitBreaker(a.name, {
          failureThreshold: this.config.PROVIDER_BREAKER_FAILURES,
          cooldownMs: this.config.PROVIDER_BREAKER_COOLDOWN_MS,
          onStateChange: (state) =>
            filterMetrics.providerCircuitOpen.set({ provider: a.name }, state === 'open' ? 1 : 0),
          onOpen: (error) =>
            this.alerts.providerDown(a.name, `circuit opened: ${error}`, 'circuit_open'),
        }),
      );
    }
  }

  /** Names of the remote providers in use. */
  get remoteProviders(): string[] {
    return this.adapters.filter((a) => a.remote).map((a) => a.name);
  }

  isDatacenterAsn(asn: number | null): boolean {
    return asn !== null && this.datacenterAsns.has(asn);
  }

  /** The AS of a VPN operator (X4BNet's VPN ASN list): every address of it is a VPN exit. */
  isVpnAsn(asn: number | null): boolean {
    return asn !== null && this.vpnAsns.has(asn);
  }

  async lookup(ip: IpAddress): Promise<ProviderAnswer[]> {
    return Promise.all(this.adapters.map((a) => this.ask(a, ip)));
  }

  private async ask(adapter: ReputationAdapter, ip: IpAddress): Promise<ProviderAnswer> {
    const started = performance.now();
    const breaker = this.breakers.get(adapter.name);
    try {
      const result = await (breaker ? breaker.run(() => adapter.lookup(ip)) : adapter.lookup(ip));
      const latencyMs = performance.now() - started;
      if (adapter.remote)
        filterMetrics.providerSeconds.observe(
          { provider: adapter.name, outcome: 'ok' },
          latencyMs / 1000,
        );
      return {
        provider: adapter.name,
        ok: true,
        signal: result.signal,
        raw: result.raw,
        latencyMs,
      };
    } catch (err) {
      const latencyMs = performance.now() - started;
      const kind = err instanceof ProviderError ? err.kind : 'network';
      filterMetrics.providerErrors.inc({ provider: adapter.name, kind });
      if (kind !== 'circuit_open') {
        filterMetrics.providerSeconds.observe(
          { provider: adapter.name, outcome: 'error' },
          latencyMs / 1000,
        );
      }
      const error = err instanceof Error ? err.message : String(err);
      this.logger.warn({ provider: adapter.name, kind, error }, 'reputation provider failed');
      return { provider: adapter.name, ok: false, error: `${kind}: ${error}`, latencyMs };
    }
  }
}
