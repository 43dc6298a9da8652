import { randomUUID } from 'node:crypto';

import { internalContract } from '@trafficshare/config';
import { commonNames, type filterInternal } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp } from '@trafficshare/testing';

import { boot } from '../boot';
import { callerAs, named } from '../test/filter-harness';

// filter-svc exactly as `npm start` runs it: no GEOIP_* or OFFLINE_* variables, no provider
// keys. The bundled data alone (country mmdb and ASN table from npm, X4BNet lists and
// hosting-asn.txt in apps/filter-svc/data) must tell datacenters from homes.
describe('START filter with the default configuration (integration)', () => {
  const ctx = createTestContext('filter_defaults');
  let service: RunningService;
  let handle: GrpcClientHandle<filterInternal.FilterInternalServiceClient>;
  let user = 5_100_000 + Math.floor(Math.random() * 100_000);

  beforeAll(async () => {
    const started = performance.now();
    service = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    });
    // Boot with the ASN table and the lists stays quick (measured ~1 s on a loaded machine).
    expect(performance.now() - started).toBeLessThan(30_000);
    handle = createGrpcClient(internalContract('filter-svc'), {
      address: service.grpcAddress,
      deadlineMs: 10_000,
    });
  }, 60_000);
  afterAll(async () => {
    handle?.close();
    await service?.stop();
    await ctx.cleanup();
  });

  const decide = async (clientIp: string, networkType = 'wifi') =>
    named(
      (
        await handle.client.decide({
          caller: callerAs(user++, 'user'),
          deviceId: `dev-${randomUUID()}`,
          sessionId: randomUUID(),
          clientIp,
          networkType: commonNames.networkType.parse(networkType) ?? 0,
          appVersion: '1.2.0',
          os: 'Android',
          clientLocalIp: '',
          language: commonNames.language.parse('en') ?? 0,
          dryRun: false,
        })
      ).result!,
    );

  it('denies Google 8.8.8.8 (AS15169) and Cloudflare 1.1.1.1 (AS13335) as datacenter_ip', async () => {
    for (const [ip, asn] of [
      ['8.8.8.8', 15169],
      ['1.1.1.1', 13335],
    ] as const) {
      for (const network of ['mobile', 'wifi']) {
        const r = await decide(ip, network);
        expect({ ip, network, decision: r.decision, code: r.code, status: r.httpStatus }).toEqual({
          ip,
          network,
          decision: 'deny',
          code: 'datacenter_ip',
          status: 403,
        });
        expect(r.reasons).toContain('datacenter_ip');
        expect(r.ip).toMatchObject({ asn, isDatacenter: true, networkTypeAsn: 'datacenter' });
      }
    }
  });

  it('allows residential ISPs: Comcast 73.162.10.20 and Deutsche Telekom 2003:e0:1a00::1', async () => {
    const comcast = await decide('73.162.10.20');
    expect(comcast).toMatchObject({ decision: 'allow', code: 'ok', reasons: [] });
    expect(comcast.ip).toMatchObject({ country: 'US', asn: 7922, isDatacenter: false });
    const telekom = await decide('2003:e0:1a00::1', 'mobile');
    expect(telekom).toMatchObject({ decision: 'allow', code: 'ok', reasons: [] });
    expect(telekom.ip).toMatchObject({ country: 'DE', asn: 3320, isDatacenter: false });
  });

  it('denies known VPN ranges and VPN operators’ networks as vpn_detected', async () => {
    // 2.26.157.0/24 is in X4BNet's VPN list; 2.59.202.0/23 belongs to AS209854 (Surfshark)
    // without being in the list: its AS is on X4BNet's VPN ASN list.
    for (const ip of ['2.26.157.9', '2.59.202.10']) {
      const r = await decide(ip);
      expect({ ip, decision: r.decision, code: r.code }).toEqual({
        ip,
        decision: 'deny',
        code: 'vpn_detected',
      });
      expect(r.ip?.isVpn).toBe(true);
    }
  });
});
