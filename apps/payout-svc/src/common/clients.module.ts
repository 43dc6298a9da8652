import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';

import { internalContract } from '@trafficshare/config';
import type { authInternal, ledgerInternal } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle, type PromiseClient } from '@trafficshare/grpc';
import { CONFIG } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

type LedgerRpc = PromiseClient<ledgerInternal.LedgerInternalServiceClient>;
type AuthRpc = PromiseClient<authInternal.AuthInternalServiceClient>;

/** The ledger's internal money movements payout-svc uses (holders: a Proxy must not be a provider value). */
export class LedgerClient {
  constructor(
    readonly rpc: Pick<LedgerRpc, 'hold' | 'postPending' | 'voidPending' | 'getBalance'>,
  ) {}
}

/** auth-svc's CheckTwoFactorCode (2FA for critical actions). */
export class AuthClient {
  constructor(readonly rpc: Pick<AuthRpc, 'checkTwoFactorCode'>) {}
}

const HANDLES = Symbol('PAYOUT_GRPC_HANDLES');
interface Handles {
  readonly ledger: GrpcClientHandle<ledgerInternal.LedgerInternalServiceClient>;
  readonly auth: GrpcClientHandle<authInternal.AuthInternalServiceClient>;
}

@Global()
@Module({
  providers: [
    {
      provide: HANDLES,
      useFactory: (config: AppConfig): Handles => ({
        ledger: createGrpcClient(internalContract('ledger-svc'), {
          address: config.LEDGER_GRPC_URL,
          deadlineMs: config.GRPC_DEADLINE_MS,
        }),
        auth: createGrpcClient(internalContract('auth-svc'), {
          address: config.AUTH_GRPC_URL,
          deadlineMs: config.GRPC_DEADLINE_MS,
        }),
      }),
      inject: [CONFIG],
    },
    {
      provide: LedgerClient,
      useFactory: (h: Handles) => new LedgerClient(h.ledger.client),
      inject: [HANDLES],
    },
    {
      provide: AuthClient,
      useFactory: (h: Handles) => new AuthClient(h.auth.client),
      inject: [HANDLES],
    },
  ],
  exports: [LedgerClient, AuthClient],
})
export class ClientsModule implements OnModuleDestroy {
  constructor(@Inject(HANDLES) private readonly handles: Handles) {}

  onModuleDestroy(): void {
    this.handles.ledger.close();
    this.handles.auth.close();
  }
}
