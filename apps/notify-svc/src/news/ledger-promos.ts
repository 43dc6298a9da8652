import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';

import { SERVICES } from '@trafficshare/config';
import type { common, ledger } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import { CONFIG } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

const PROMO_LIMIT = 100;

/** ledger-svc's active promo codes (its public ListPromoCodes, called as the asking user). */
@Injectable()
export class LedgerPromos implements OnModuleDestroy {
  private readonly handle: GrpcClientHandle<ledger.LedgerServiceClient>;

  constructor(@Inject(CONFIG) config: AppConfig) {
    this.handle = createGrpcClient<ledger.LedgerServiceClient>(SERVICES['ledger-svc'], {
      address: config.LEDGER_GRPC_URL,
      deadlineMs: 3_000,
    });
  }

  async activePromos(caller: common.Caller | undefined): Promise<ledger.PromoCode[]> {
    const res = await this.handle.client.listPromoCodes({
      caller,
      includeInactive: false,
      limit: PROMO_LIMIT,
      offset: 0,
    });
    return res.promos;
  }

  onModuleDestroy(): void {
    this.handle.close();
  }
}
