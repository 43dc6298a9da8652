import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { PromoService } from './promo.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class PromoGrpcController implements Pick<
  ledger.LedgerServiceController,
  'createPromoCode' | 'listPromoCodes' | 'deactivatePromoCode' | 'activatePromoCode'
> {
  constructor(private readonly promos: PromoService) {}

  async createPromoCode(r: ledger.CreatePromoCodeRequest): Promise<ledger.CreatePromoCodeResponse> {
    return { promo: await this.promos.create(callerOf(r.caller), r) };
  }

  async listPromoCodes(r: ledger.ListPromoCodesRequest): Promise<ledger.ListPromoCodesResponse> {
    return { promos: await this.promos.list(callerOf(r.caller), r) };
  }

  async deactivatePromoCode(
    r: ledger.DeactivatePromoCodeRequest,
  ): Promise<ledger.DeactivatePromoCodeResponse> {
    return { promo: await this.promos.deactivate(callerOf(r.caller), r.code) };
  }

  activatePromoCode(r: ledger.ActivatePromoCodeRequest): Promise<ledger.ActivatePromoCodeResponse> {
    return this.promos.activate(callerOf(r.caller), r.code);
  }
}
