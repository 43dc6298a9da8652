import type { GeoFacts } from '../geoip/geoip.types';
import { inferAsnNetworkType, type AsnNetworkType } from '../network/network-detector';
import type { ProviderAnswer } from './reputation.types';

/** Everything the policy needs about one IP; this is what the Redis cache holds. */
export interface IpIntel {
  country: string | null;
  region: string | null;
  asn: number | null;
  isp: string | null;
  connectionType: string | null;
  isVpn: boolean;
  isProxy: boolean;
  isTor: boolean;
  isDatacenter: boolean;
  isRelay: boolean;
  /** 0..100: the highest score any source gave (a definite VPN/Tor flag is 100). */
  vpnScore: number;
  networkTypeAsn: AsnNetworkType;
  /** Sources that answered, and those that failed. */
  sources: string[];
  failed: string[];
  /** Raw answers per provider (audit forensics). */
  providers: Record<string, unknown>;
  checkedAt: string;
}

/** Folds the local GeoIP facts and every source's answer into one verdict. */
export function aggregateIntel(
  geo: GeoFacts,
  answers: readonly ProviderAnswer[],
  now = new Date(),
): IpIntel {
  const ok = answers.filter((a): a is Extract<ProviderAnswer, { ok: true }> => a.ok);
  const any = (pick: (s: (typeof ok)[number]['signal']) => boolean | undefined) =>
    ok.some((a) => pick(a.signal) === true);
  const first = <T>(pick: (s: (typeof ok)[number]['signal']) => T | undefined): T | undefined => {
    for (const a of ok) {
      const v = pick(a.signal);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const isVpn = any((s) => s.vpn);
  const isTor = any((s) => s.tor);
  const isDatacenter = any((s) => s.datacenter);
  const scores = ok.map((a) => a.signal.score).filter((s): s is number => typeof s === 'number');
  const vpnScore = Math.max(0, Math.min(100, Math.max(isVpn || isTor ? 100 : 0, ...scores)));
  const providers: Record<string, unknown> = {};
  for (const a of answers) providers[a.provider] = a.ok ? a.raw : { error: a.error };
  const country = geo.country ?? first((s) => s.country?.toUpperCase()) ?? null;
  return {
    country,
    region: geo.region,
    asn: geo.asn ?? first((s) => s.asn) ?? null,
    isp: geo.isp ?? first((s) => s.isp) ?? null,
    connectionType: geo.connectionType,
    isVpn,
    isProxy: any((s) => s.proxy),
    isTor,
    isDatacenter,
    isRelay: any((s) => s.relay),
    vpnScore,
    networkTypeAsn: inferAsnNetworkType({
      connectionType: geo.connectionType,
      mobileCarrier: geo.mobileCarrier,
      hints: ok.map((a) => a.signal.network),
      datacenter: isDatacenter,
    }),
    sources: ok.map((a) => a.provider),
    failed: answers.filter((a) => !a.ok).map((a) => a.provider),
    providers,
    checkedAt: now.toISOString(),
  };
}
