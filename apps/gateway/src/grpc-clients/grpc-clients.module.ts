import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';

import { SERVICE_NAMES, SERVICES, type GrpcContract, type ServiceName } from '@trafficshare/config';
import type { auth, filter, ledger, notify, payout, telemetry } from '@trafficshare/contracts';
import {
  createGrpcClient,
  GrpcHealthChecker,
  type GrpcClientHandle,
  type PromiseClient,
} from '@trafficshare/grpc';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG } from '../infra/tokens';

/**
 * Typed promise clients of every service's public contract, plus a health checker per service.
 * The gateway has no client of an internal contract (RPCs only services call); a lint rule and
 * grpc-clients.spec.ts hold it to that.
 */
export class ServiceClients {
  readonly auth: PromiseClient<auth.AuthServiceClient>;
  readonly telemetry: PromiseClient<telemetry.TelemetryServiceClient>;
  readonly filter: PromiseClient<filter.FilterServiceClient>;
  readonly ledger: PromiseClient<ledger.LedgerServiceClient>;
  readonly payout: PromiseClient<payout.PayoutServiceClient>;
  readonly notify: PromiseClient<notify.NotifyServiceClient>;
  readonly health: ReadonlyMap<ServiceName, GrpcHealthChecker>;
  /** The proto services the clients above were built for. */
  readonly contracts: GrpcContract[] = [];
  private readonly handles: GrpcClientHandle<unknown>[] = [];

  constructor(config: AppConfig) {
    const make = <C>(name: ServiceName): PromiseClient<C> => {
      this.contracts.push(SERVICES[name]);
      const handle = createGrpcClient<C>(SERVICES[name], {
        address: this.address(config, name),
        deadlineMs: config.GRPC_DEADLINE_MS,
      });
      this.handles.push(handle);
      return handle.client;
    };
    this.auth = make('auth-svc');
    this.telemetry = make('telemetry-svc');
    this.filter = make('filter-svc');
    this.ledger = make('ledger-svc');
    this.payout = make('payout-svc');
    this.notify = make('notify-svc');
    this.health = new Map(
      SERVICE_NAMES.map((name) => [name, new GrpcHealthChecker(this.address(config, name))]),
    );
  }

  private address(config: AppConfig, name: ServiceName): string {
    return String((config as Record<string, unknown>)[SERVICES[name].urlEnv]);
  }

  close(): void {
    for (const h of this.handles) h.close();
    for (const h of this.health.values()) h.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ServiceClients,
      useFactory: (config: AppConfig) => new ServiceClients(config),
      inject: [GATEWAY_CONFIG],
    },
  ],
  exports: [ServiceClients],
})
export class GrpcClientsModule implements OnModuleDestroy {
  constructor(@Inject(ServiceClients) private readonly clients: ServiceClients) {}

  onModuleDestroy(): void {
    this.clients.close();
  }
}
