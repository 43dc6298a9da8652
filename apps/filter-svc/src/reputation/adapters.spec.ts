import { startFakeServer } from '@trafficshare/testing';

import { parseIp } from '../ip/ip-address';
import { abuseAnswer, FakeProviders, ipqsAnswer } from '../test/fake-providers';
import { AbuseIpdbAdapter } from './abuseipdb.adapter';
import { IpinfoAdapter } from './ipinfo.adapter';
import { IpqsAdapter } from './ipqs.adapter';

const ip = parseIp('216.160.83.57')!;

describe('reputation adapters (fake providers on 127.0.0.1)', () => {
  let fakes: FakeProviders;
  beforeAll(async () => {
    fakes = await FakeProviders.start();
  });
  afterAll(() => fakes.close());

  const env = () => fakes.env();
  const ipqs = (key = 'ipqs-test-key', timeoutMs = 500) =>
    new IpqsAdapter({ baseUrl: env().IPQS_BASE_URL, apiKey: key, strictness: 1, timeoutMs });

  it('IPQualityScore: VPN flag, score, connection type; proxy excludes VPN', async () => {
    fakes.ipqsOverrides.set(
      ip.text,
      ipqsAnswer({ vpn: true, proxy: true, fraud_score: 88, connection_type: 'Data Center' }),
    );
    const r = await ipqs().lookup(ip);
    expect(r.signal).toMatchObject({
      vpn: true,
      proxy: false,
      score: 88,
      datacenter: true,
      network: 'datacenter',
      country: 'US',
    });
    const req = fakes.ipqs.requests.at(-1)!;
    expect(req.path).toBe(`/api/json/ip/ipqs-test-key/${ip.text}`);
    expect(req.query.get('strictness')).toBe('1');
  });

  it('IPQualityScore: success=false (bad key) and timeouts are provider errors', async () => {
    await expect(ipqs('wrong').lookup(ip)).rejects.toMatchObject({
      kind: 'answer',
      message: 'Invalid API key.',
    });
    fakes.ipqsOverrides.set(ip.text, 'slow');
    await expect(ipqs('ipqs-test-key', 100).lookup(ip)).rejects.toMatchObject({ kind: 'timeout' });
    fakes.ipqsOverrides.set(ip.text, 'down');
    await expect(ipqs().lookup(ip)).rejects.toMatchObject({ kind: 'http' });
  });

  it('ipinfo privacy: bearer token, relay is borderline, hosting is a datacenter', async () => {
    fakes.ipinfoOverrides.set(ip.text, {
      vpn: false,
      proxy: false,
      tor: false,
      relay: true,
      hosting: true,
      service: 'iCloud Private Relay',
    });
    const r = await new IpinfoAdapter({
      baseUrl: env().IPINFO_BASE_URL,
      token: 'ipinfo-test-token',
      timeoutMs: 500,
    }).lookup(ip);
    expect(r.signal).toMatchObject({ relay: true, score: 60, datacenter: true });
    expect(fakes.ipinfo.requests.at(-1)!.path).toBe(`/${ip.text}/privacy`);
  });

  it('AbuseIPDB: Key header, confidence score, usage type; errors array', async () => {
    fakes.abuseOverrides.set(
      ip.text,
      abuseAnswer(ip.text, {
        abuseConfidenceScore: 77,
        usageType: 'Data Center/Web Hosting/Transit',
      }),
    );
    const adapter = (key: string) =>
      new AbuseIpdbAdapter({
        baseUrl: env().ABUSEIPDB_BASE_URL,
        apiKey: key,
        maxAgeDays: 90,
        timeoutMs: 500,
      });
    expect((await adapter('abuse-test-key').lookup(ip)).signal).toMatchObject({
      score: 77,
      datacenter: true,
      network: 'datacenter',
    });
    await expect(adapter('nope').lookup(ip)).rejects.toMatchObject({ kind: 'http' });
    const errors = await startFakeServer({
      '/api/v2/check': { body: { errors: [{ detail: 'Daily rate limit exceeded', status: 429 }] } },
    });
    try {
      const a = new AbuseIpdbAdapter({
        baseUrl: `${errors.url}/api/v2`,
        apiKey: 'k',
        maxAgeDays: 90,
        timeoutMs: 500,
      });
      await expect(a.lookup(ip)).rejects.toMatchObject({
        kind: 'answer',
        message: 'Daily rate limit exceeded',
      });
    } finally {
      await errors.close();
    }
  });
});
