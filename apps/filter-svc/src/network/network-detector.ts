/** What the client's app says it uses. */
export type ClientNetworkType = 'mobile' | 'wifi' | 'unknown';
/** What the IP's network is, from ASN/ISP data and reputation sources. */
export type AsnNetworkType =
  'mobile' | 'residential' | 'business' | 'satellite' | 'datacenter' | 'unknown';

export function parseClientNetworkType(raw: string | undefined): ClientNetworkType {
  const v = (raw ?? '').trim().toLowerCase();
  if (v === 'mobile' || v === 'cellular') return 'mobile';
  if (v === 'wifi' || v === 'wi-fi') return 'wifi';
  return 'unknown';
}

export interface NetworkEvidence {
  /** MaxMind Connection-Type. */
  readonly connectionType: string | null;
  readonly mobileCarrier: boolean;
  /** Network types named by reputation sources. */
  readonly hints: readonly (AsnNetworkType | undefined)[];
  readonly datacenter: boolean;
}

const CONNECTION_TYPES: Record<string, AsnNetworkType> = {
  cellular: 'mobile',
  'cable/dsl': 'residential',
  dialup: 'residential',
  corporate: 'business',
  satellite: 'satellite',
};

/** The ASN-side network type; a datacenter signal wins over everything else. */
export function inferAsnNetworkType(e: NetworkEvidence): AsnNetworkType {
  if (e.datacenter || e.hints.includes('datacenter')) return 'datacenter';
  const fromDb = e.connectionType ? CONNECTION_TYPES[e.connectionType.toLowerCase()] : undefined;
  if (fromDb) return fromDb;
  if (e.mobileCarrier || e.hints.includes('mobile')) return 'mobile';
  for (const t of ['residential', 'business', 'satellite'] as const)
    if (e.hints.includes(t)) return t;
  return 'unknown';
}

/**
 * Does the client's network type fit the IP's network? A phone on mobile data has a carrier
 * IP; on Wi-Fi it may sit behind home broadband, an office, a satellite dish or another
 * phone's hotspot. Nobody's phone network is a datacenter. Unknown evidence never mismatches.
 */
export function networkMatches(client: ClientNetworkType, asn: AsnNetworkType): boolean {
  if (asn === 'unknown') return true;
  if (asn === 'datacenter') return false;
  switch (client) {
    case 'mobile':
      return asn === 'mobile';
    case 'wifi':
      return true;
    case 'unknown':
      return true;
  }
}
