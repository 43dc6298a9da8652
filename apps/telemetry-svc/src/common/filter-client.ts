import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';

import { internalContract } from '@trafficshare/config';
import type { filterInternal } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle, type PromiseClient } from '@trafficshare/grpc';
import { CONFIG } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

export const FILTER_CLIENT = Symbol('FILTER_CLIENT');
const FILTER_HANDLE = Symbol('FILTER_HANDLE');
/** Holder of the typed client (a Proxy client must not be a provider value: Nest probes `.then`). */
export class FilterClient {
  constructor(readonly rpc: PromiseClient<filterInternal.FilterInternalServiceClient>) {}
}

/** The filter-svc client: FilterInternalService (Decide on START, ReleaseIp when a session ends). */
@Module({
  providers: [
    {
      provide: FILTER_HANDLE,
      useFactory: (
        config: AppConfig,
      ): GrpcClientHandle<filterInternal.FilterInternalServiceClient> =>
        createGrpcClient(internalContract('filter-svc'), {
          address: config.FILTER_GRPC_URL,
          deadlineMs: config.FILTER_DEADLINE_MS,
        }),
      inject: [CONFIG],
    },
    {
      provide: FILTER_CLIENT,
      useFactory: (h: GrpcClientHandle<filterInternal.FilterInternalServiceClient>) =>
        new FilterClient(h.client),
      inject: [FILTER_HANDLE],
    },
  ],
  exports: [FILTER_CLIENT],
})
export class FilterClientModule implements OnModuleDestroy {
  constructor(
    @Inject(FILTER_HANDLE)
    private readonly handle: GrpcClientHandle<filterInternal.FilterInternalServiceClient>,
  ) {}

  onModuleDestroy(): void {
    this.handle.close();
  }
}
