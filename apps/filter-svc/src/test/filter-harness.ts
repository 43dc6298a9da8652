import { join } from 'node:path';

import { internalContract, SERVICES } from '@trafficshare/config';
import {
  commonNames,
  filterNames,
  type common,
  type filter,
  type filterInternal,
} from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle, type PromiseClient } from '@trafficshare/grpc';
import { roleToProto, type RoleName } from '@trafficshare/identity';
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

/** A START for `decide`: the caller's id and role and the enums by name. */
export interface DecideInput extends Partial<
  Omit<filterInternal.DecideRequest, 'caller' | 'networkType' | 'language'>
> {
  readonly telegramId?: number;
  readonly role?: RoleName;
  readonly networkType?: string;
  readonly language?: string;
}

/** A decision with its enums as names (as the audit and the HTTP answer show them). */
export interface NamedDecision extends Omit<filter.FilterDecision, 'decision' | 'filterStatus'> {
  readonly decision: string;
  readonly filterStatus: string;
}

export function named(d: filter.FilterDecision): NamedDecision {
  return {
    ...d,
    decision: filterNames.decision.toNameOr(d.decision, ''),
    filterStatus: commonNames.filterStatus.toNameOr(d.filterStatus, ''),
  };
}

/** A caller as the gateway sends it. */
export const callerAs = (telegramId: number, role: RoleName): common.Caller => ({
  telegramId,
  role: roleToProto(role),
  sessionId: `sid-${telegramId}`,
  ip: '127.0.0.1',
  userAgent: 'filter-int-spec',
});

export interface FilterHarness {
  readonly ctx: TestContext;
  readonly service: RunningService;
  readonly providers: FakeProviders;
  /** FilterService (the admin tools), as the gateway calls it. */
  readonly client: PromiseClient<filter.FilterServiceClient>;
  /** FilterInternalService (Decide, ReleaseIp), as telemetry-svc calls it. */
  readonly internal: PromiseClient<filterInternal.FilterInternalServiceClient>;
  decide(over: DecideInput): Promise<NamedDecision>;
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
  const options = { address: service.grpcAddress, deadlineMs: 10_000 };
  const handle: GrpcClientHandle<filter.FilterServiceClient> = createGrpcClient(
    SERVICES['filter-svc'],
    options,
  );
  const internal: GrpcClientHandle<filterInternal.FilterInternalServiceClient> = createGrpcClient(
    internalContract('filter-svc'),
    options,
  );
  return {
    ctx,
    service,
    providers,
    client: handle.client,
    internal: internal.client,
    decide: async ({ telegramId, role, networkType, language, ...over }) => {
      const res = await internal.client.decide({
        caller: callerAs(telegramId ?? newUser(), role ?? 'user'),
        deviceId: `dev-${Math.random().toString(36).slice(2)}`,
        sessionId: '',
        clientIp: '',
        networkType: commonNames.networkType.parse(networkType ?? 'mobile') ?? 0,
        appVersion: '1.2.0',
        os: 'Android',
        clientLocalIp: '192.168.1.10',
        language: commonNames.language.parse(language ?? 'en') ?? 0,
        dryRun: false,
        ...over,
      });
      return named(res.result!);
    },
    query: (sql, params) =>
      service.context.dataSource.query(
        sql.replaceAll('$schema', `"${service.context.schema}"`),
        params,
      ),
    stop: async () => {
      handle.close();
      internal.close();
      await service.stop();
      await providers.close();
      await ctx.cleanup();
    },
  };
}
