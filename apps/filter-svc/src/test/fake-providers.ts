import { startFakeServer, type FakeResponse, type FakeServer } from '@trafficshare/testing';

/** IPQualityScore answer in its wire format; `over` changes fields. */
export function ipqsAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    success: true,
    message: 'Success',
    fraud_score: 0,
    country_code: 'US',
    region: 'Washington',
    city: 'Seattle',
    ISP: 'Test ISP',
    ASN: 64500,
    organization: 'Test ISP',
    is_crawler: false,
    timezone: 'America/Los_Angeles',
    mobile: false,
    host: 'host.example',
    proxy: false,
    vpn: false,
    tor: false,
    active_vpn: false,
    active_tor: false,
    recent_abuse: false,
    bot_status: false,
    connection_type: 'Residential',
    abuse_velocity: 'none',
    zip_code: 'N/A',
    latitude: 47.6,
    longitude: -122.3,
    request_id: 'req-1',
    ...over,
  };
}

export function ipinfoAnswer(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    vpn: false,
    proxy: false,
    tor: false,
    relay: false,
    hosting: false,
    service: '',
    ...over,
  };
}

export function abuseAnswer(
  ip: string,
  over: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    data: {
      ipAddress: ip,
      isPublic: true,
      ipVersion: ip.includes(':') ? 6 : 4,
      isWhitelisted: false,
      abuseConfidenceScore: 0,
      countryCode: 'US',
      usageType: 'Fixed Line ISP',
      isp: 'Test ISP',
      domain: 'example.net',
      hostnames: [],
      isTor: false,
      totalReports: 0,
      numDistinctUsers: 0,
      lastReportedAt: null,
      ...over,
    },
  };
}

type Override = Record<string, unknown> | 'down' | 'slow';

/** Fake IPQS, ipinfo and AbuseIPDB on 127.0.0.1 with per-IP answers and outages. */
export class FakeProviders {
  readonly ipqsOverrides = new Map<string, Override>();
  readonly ipinfoOverrides = new Map<string, Override>();
  readonly abuseOverrides = new Map<string, Override>();
  /** Every provider down for every IP. */
  allDown = false;

  private constructor(
    readonly ipqs: FakeServer,
    readonly ipinfo: FakeServer,
    readonly abuse: FakeServer,
  ) {}

  static async start(): Promise<FakeProviders> {
    const holder: { p?: FakeProviders } = {};
    const respond = (o: Override | undefined, ok: () => unknown): FakeResponse => {
      if (holder.p?.allDown || o === 'down')
        return { status: 503, body: { error: 'down for maintenance' } };
      if (o === 'slow') return { delayMs: 3_000, body: ok() };
      return { body: o ?? ok() };
    };
    const ipqs = await startFakeServer((req) => {
      // /api/json/ip/{key}/{ip}
      const [, , , , key, ip] = req.path.split('/');
      if (key !== 'ipqs-test-key') return { body: { success: false, message: 'Invalid API key.' } };
      const o = holder.p?.ipqsOverrides.get(decodeURIComponent(ip ?? ''));
      return respond(o, () => ipqsAnswer());
    });
    const ipinfo = await startFakeServer((req) => {
      if (req.headers.authorization !== 'Bearer ipinfo-test-token')
        return { status: 403, body: { error: 'bad token' } };
      const ip = decodeURIComponent(req.path.split('/')[1] ?? '');
      return respond(holder.p?.ipinfoOverrides.get(ip), () => ipinfoAnswer());
    });
    const abuse = await startFakeServer((req) => {
      if (req.headers.key !== 'abuse-test-key') {
        return {
          status: 401,
          body: { errors: [{ detail: 'Authentication failed', status: 401 }] },
        };
      }
      const ip = req.query.get('ipAddress') ?? '';
      const o = holder.p?.abuseOverrides.get(ip);
      return respond(o, () => abuseAnswer(ip));
    });
    holder.p = new FakeProviders(ipqs, ipinfo, abuse);
    return holder.p;
  }

  env(): Record<string, string> {
    return {
      IPQS_API_KEY: 'ipqs-test-key',
      IPQS_BASE_URL: `${this.ipqs.url}/api/json/ip`,
      IPINFO_TOKEN: 'ipinfo-test-token',
      IPINFO_BASE_URL: this.ipinfo.url,
      ABUSEIPDB_API_KEY: 'abuse-test-key',
      ABUSEIPDB_BASE_URL: `${this.abuse.url}/api/v2`,
    };
  }

  /** Requests each provider got for `ip`. */
  callsFor(ip: string): number {
    return (
      this.ipqs.requests.filter((r) => decodeURIComponent(r.path).endsWith(`/${ip}`)).length +
      this.ipinfo.requests.filter((r) => decodeURIComponent(r.path) === `/${ip}/privacy`).length +
      this.abuse.requests.filter((r) => r.query.get('ipAddress') === ip).length
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.ipqs.close(), this.ipinfo.close(), this.abuse.close()]);
  }
}
