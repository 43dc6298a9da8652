import { join } from 'node:path';

import { SERVICES } from '@trafficshare/config';
import type { filter } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle, type PromiseClient } from '@trafficshare/grpc';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp, type TestContext } from '@trafficshare/testing';

import { boot } from '../boot';
import { FakeProviders } from './fake-providers';

/** ../shared/data from the repo root (MaxMind test dbs, x4bnet lists). */
export const DATA = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data');
export const MAXMIND = join(DATA, 'maxmind');
export const X4BNET = join(DATA, 'x4bnet');

/** Env for filter-svc against MaxMind's official test databases and the x4bnet lists. */
export function testDataEnv(): Record<string, string> {
  return {
    GEOIP_COUNTRY_DB: join(MAXMIND, 'GeoIP2-City-Test.mmdb'),
    GEOIP_ASN_DB: join(MAXMIND, 'GeoIP2-ISP-Test.mmdb'),
    GEOIP_CONNECTION_TYPE_DB: join(MAXMIND, 'GeoIP2-Connection-Type-Test.mmdb'),
    GEOIP_ANONYMOUS_IP_DB: join(MAXMIND, 'GeoIP2-Anonymous-IP-Test.mmdb'),
    OFFLINE_VPN_LISTS: [join(X4BNET, 'vpn-ipv4.txt'), join(X4BNET, 'vpn-ipv6.txt')].join(','),
    OFFLINE_DATACENTER_LISTS: [
      join(X4BNET, 'datacenter-ipv4.txt'),
      join(X4BNET, 'datacenter-ipv6.txt'),
    ].join(','),
  };
}

export interface FilterHarness {
  readonly ctx: TestContext;
  readonly service: RunningService;
  readonly providers: FakeProviders;
  readonly client: PromiseClient<filter.FilterServiceClient>;
  decide(over: Partial<filter.DecideRequest>): Promise<filter.FilterDecision>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

let nextUser = 1_000_000 + Math.floor(Math.random() * 1_000_000);
/** A telegram id no other test uses. */
export const newUser = (): number => nextUser++;

export async function startFilterHarness(
  label: string,
  env: Record<string, string> = {},
): Promise<FilterHarness> {
  const ctx = createTestContext(label);
  const providers = await FakeProviders.start();
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const service = await startApp(boot, {
    ...ctx.env,
    ...testDataEnv(),
    ...providers.env(),
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
    AUDIT_FLUSH_MS: '20',
    PROVIDER_TIMEOUT_MS: '500',
    PROVIDER_BREAKER_FAILURES: '1000',
    ...env,
  });
  const handle: GrpcClientHandle<filter.FilterServiceClient> = createGrpcClient(
    SERVICES['filter-svc'],
    {
      address: service.grpcAddress,
      deadlineMs: 10_000,
    },
  );
  return {
    ctx,
    service,
    providers,
    client: handle.client,
    decide: async (over) => {
      const res = await handle.client.decide({
        telegramId: newUser(),
        role: 'user',
        deviceId: `dev-${Math.random().toString(36).slice(2)}`,
        sessionId: '',
        clientIp: '',
        networkType: 'mobile',
        appVersion: '1.2.0',
        os: 'Android',
        clientLocalIp: '192.168.1.10',
        language: 'en',
        dryRun: false,
        ...over,
      });
      return res.result!;
    },
    query: (sql, params) =>
      service.context.dataSource.query(
        sql.replaceAll('$schema', `"${service.context.schema}"`),
        params,
      ),
    stop: async () => {
      handle.close();
      await service.stop();
      await providers.close();
      await ctx.cleanup();
    },
  };
}
