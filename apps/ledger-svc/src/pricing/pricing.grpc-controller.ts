import { Controller } from '@nestjs/common';

import { ledger } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';
import { callerOf } from '@trafficshare/identity';

import { PricingService } from './pricing.service';

@Controller()
@GrpcMethods(ledger.LEDGER_SERVICE_NAME)
export class PricingGrpcController implements Pick<
  ledger.LedgerServiceController,
  'getDailyPrice' | 'getPriceHistory' | 'setDailyPrice'
> {
  constructor(private readonly pricing: PricingService) {}

  async getDailyPrice(r: ledger.GetDailyPriceRequest): Promise<ledger.GetDailyPriceResponse> {
    return { price: await this.pricing.getDailyPrice(r.date) };
  }

  async getPriceHistory(r: ledger.GetPriceHistoryRequest): Promise<ledger.GetPriceHistoryResponse> {
    return { prices: await this.pricing.history(r.days) };
  }

  async setDailyPrice(r: ledger.SetDailyPriceRequest): Promise<ledger.SetDailyPriceResponse> {
    return { price: await this.pricing.setDailyPrice(callerOf(r.caller), r) };
  }
}
