import { dirname } from 'node:path';

import { z } from 'zod';

import {
  baseShape,
  bool,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

import { SecretValue } from './common/secret-value';

/** The CC0 country database installed from npm: filtering by country works out of the box. */
export function defaultCountryDb(): string {
  try {
    return require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
  } catch {
    return '';
  }
}

/** The ASN table installed from npm (@ip-location-db/asn, CC BY 4.0): ASNs out of the box. */
export function defaultAsnData(): string {
  try {
    return dirname(require.resolve('@ip-location-db/asn/package.json'));
  } catch {
    return '';
  }
}

const path = z.string().trim().default('');
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
/** Provider keys are optional (no key = provider disabled) and never logged. */
const secret = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? new SecretValue(v.trim()) : undefined));
const ms = (fallback: number, min = 10, max = 3_600_000) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['filter-svc']),

  /** Country or City mmdb (MaxMind GeoIP2/GeoLite2 or @ip-location-db format). */
  GEOIP_COUNTRY_DB: z.string().trim().default(defaultCountryDb()),
  /** ASN or ISP mmdb, or a directory of @ip-location-db/asn CSVs (the default); empty = no ASN data. */
  GEOIP_ASN_DB: z.string().trim().default(defaultAsnData()),
  /** MaxMind Anonymous-IP mmdb; empty = not used. */
  GEOIP_ANONYMOUS_IP_DB: path,
  /** MaxMind Connection-Type mmdb; empty = not used. */
  GEOIP_CONNECTION_TYPE_DB: path,

  /** Offline lists, one CIDR a line (x4bnet lists_vpn format), comma separated paths; `bundled`
   *  = the lists shipped in apps/filter-svc/data (X4BNet, MIT); empty = none. */
  OFFLINE_VPN_LISTS: list('bundled'),
  OFFLINE_DATACENTER_LISTS: list('bundled'),
  /** ASN lists ("AS123 # comment" a line) of datacenter networks (`bundled`: X4BNet's plus
   *  hosting-asn.txt) and of VPN operators (`bundled`: X4BNet's). */
  OFFLINE_DATACENTER_ASN_LISTS: list('bundled'),
  OFFLINE_VPN_ASN_LISTS: list('bundled'),

  IPQS_API_KEY: secret,
  IPQS_BASE_URL: z.string().url().default('https://ipqualityscore.com/api/json/ip'),
  IPQS_STRICTNESS: z.coerce.number().int().min(0).max(3).default(1),
  IPINFO_TOKEN: secret,
  IPINFO_BASE_URL: z.string().url().default('https://ipinfo.io'),
  ABUSEIPDB_API_KEY: secret,
  ABUSEIPDB_BASE_URL: z.string().url().default('https://api.abuseipdb.com/api/v2'),
  ABUSEIPDB_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  /** Deadline of one provider call. */
  PROVIDER_TIMEOUT_MS: ms(1_500, 50, 30_000),
  /** Consecutive failures that open a provider's circuit, and how long it stays open. */
  PROVIDER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(10_000).default(5),
  PROVIDER_BREAKER_COOLDOWN_MS: ms(30_000, 100),

  /** Initial CACHE_TTL_IP of the policy (seconds); admins change it in the policy. */
  CACHE_TTL_IP: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  /** How long a verdict stays usable as the fallback when every provider is down. */
  CACHE_STALE_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(90 * 86_400)
    .default(7 * 86_400),
  /** filter_audit retention (30–90 days) and how often the purge runs. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(90).default(90),
  AUDIT_RETENTION_INTERVAL_MS: ms(3_600_000, 1_000, 86_400_000),
  /** Audit rows are written in batches this often (the START path never waits on them). */
  AUDIT_FLUSH_MS: ms(50, 5, 10_000),
  /** An allow decision reserves the device's IP this long; the session's start (SessionStarted)
   *  makes the hold durable. A START that fails after the decision frees the IP by then at the latest. */
  IP_CLAIM_PENDING_TTL_S: z.coerce.number().int().min(1).max(3_600).default(120),
  /** A running session's hold on its public IP expires after this long without a ReleaseIp. */
  IP_DEVICE_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(6 * 3_600),
  /** An approved review lets the same user START from the same IP for this long. */
  REVIEW_GRANT_TTL_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400),
  /** How often other instances' policy changes are picked up. */
  POLICY_REFRESH_MS: ms(1_000, 100, 600_000),
  /** At most one provider-down alert per provider in this window. */
  ALERT_THROTTLE_S: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Treat private/loopback client IPs as public (local development only). */
  ALLOW_PRIVATE_IPS: bool(false),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'filter-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
