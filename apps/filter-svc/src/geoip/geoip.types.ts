/** What the local mmdb databases say about an IP. */
export interface GeoFacts {
  country: string | null;
  region: string | null;
  asn: number | null;
  /** ISP (ISP db) or AS organisation (ASN db). */
  isp: string | null;
  /** MaxMind Connection-Type: Cellular | Cable/DSL | Corporate | Satellite | Dialup. */
  connectionType: string | null;
  /** The ISP db gave a mobile country code: the network is a mobile carrier. */
  mobileCarrier: boolean;
}

/** The subset of MaxMind / ip-location-db records the filter reads. */
export interface CountryRecord {
  country?: { iso_code?: string };
  registered_country?: { iso_code?: string };
  subdivisions?: { iso_code?: string; names?: Record<string, string> }[];
  /** @ip-location-db layout. */
  country_code?: string;
  state1?: string;
}

export interface AsnRecord {
  autonomous_system_number?: number;
  autonomous_system_organization?: string;
  isp?: string;
  organization?: string;
  mobile_country_code?: string;
}

export interface ConnectionTypeRecord {
  connection_type?: string;
}

export interface AnonymousIpRecord {
  is_anonymous?: boolean;
  is_anonymous_vpn?: boolean;
  is_hosting_provider?: boolean;
  is_public_proxy?: boolean;
  is_residential_proxy?: boolean;
  is_tor_exit_node?: boolean;
}
