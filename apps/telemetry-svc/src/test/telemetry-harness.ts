import { Server, ServerCredentials } from '@grpc/grpc-js';

import { internalContract, SERVICES } from '@trafficshare/config';
import {
  common,
  filter,
  type filterInternal,
  type telemetry,
  type telemetryInternal,
} from '@trafficshare/contracts';
import {
  createGrpcClient,
  serviceClientConstructor,
  type GrpcClientHandle,
  type PromiseClient,
} from '@trafficshare/grpc';
import { roleToProto, type RoleName } from '@trafficshare/identity';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp, type TestContext } from '@trafficshare/testing';

import { boot } from '../boot';

let nextUser = 9_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
/** A telegram id no other test uses. */
export const newUser = (): number => (nextUser += 1);

/** A caller as the gateway sends it. */
export const callerAs = (telegramId: number, role: RoleName = 'user'): common.Caller => ({
  telegramId,
  role: roleToProto(role),
  sessionId: `sid-${telegramId}`,
  ip: '149.101.100.1',
  userAgent: 'telemetry-int-spec',
});

/** A filter-svc (FilterInternalService) that allows every START, over real gRPC. */
class AllowingFilter {
  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  static async start(): Promise<AllowingFilter> {
    const server = new Server();
    const address = `127.0.0.1:${await freePort()}`;
    type Cb<T> = (err: Error | null, res?: T) => void;
    server.addService(serviceClientConstructor(internalContract('filter-svc')).service, {
      decide: (
        call: { request: filterInternal.DecideRequest },
        cb: Cb<filterInternal.DecideResponse>,
      ) =>
        cb(null, {
          result: {
            decision: filter.Decision.DECISION_ALLOW,
            reasons: [],
            ticketId: '',
            decisionId: `dec-${call.request.sessionId}`,
            httpStatus: 200,
            code: 'ok',
            message: 'Tunnel opened',
            filterStatus: common.FilterStatus.FILTER_STATUS_PASSED,
            ip: undefined,
            checks: [],
            policyVersion: 1,
            cacheHit: false,
          },
        }),
      releaseIp: (_call: unknown, cb: Cb<filterInternal.ReleaseIpResponse>) =>
        cb(null, { released: true }),
    });
    await new Promise<void>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    return new AllowingFilter(server, address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

/** telemetry-svc in this process on free ports, with clients of both of its contracts. */
export interface TelemetryHarness {
  readonly ctx: TestContext;
  readonly service: RunningService;
  readonly client: PromiseClient<telemetry.TelemetryServiceClient>;
  readonly internal: PromiseClient<telemetryInternal.TelemetryInternalServiceClient>;
  stop(): Promise<void>;
}

export async function startTelemetryHarness(label: string): Promise<TelemetryHarness> {
  const ctx = createTestContext(label);
  const fakeFilter = await AllowingFilter.start();
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const service = await startApp(boot, {
    ...ctx.env,
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
    FILTER_GRPC_URL: fakeFilter.address,
  });
  const options = { address: service.grpcAddress, deadlineMs: 20_000 };
  const client: GrpcClientHandle<telemetry.TelemetryServiceClient> = createGrpcClient(
    SERVICES['telemetry-svc'],
    options,
  );
  const internal: GrpcClientHandle<telemetryInternal.TelemetryInternalServiceClient> =
    createGrpcClient(internalContract('telemetry-svc'), options);
  return {
    ctx,
    service,
    client: client.client,
    internal: internal.client,
    stop: async () => {
      client.close();
      internal.close();
      await service.stop();
      await fakeFilter.close();
      await ctx.cleanup();
    },
  };
}
