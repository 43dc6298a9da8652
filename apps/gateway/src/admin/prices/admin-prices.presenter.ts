import type { ledger } from '@trafficshare/contracts';

import { dailyPriceJson } from '../../pricing/pricing.presenter';
import type { PriceSetJson } from './admin-prices.contract';

/** The price just set, with whether users are notified of it. */
export function priceSetJson(p: ledger.DailyPrice | undefined, push: boolean): PriceSetJson {
  return { ...dailyPriceJson(p), push, updated_at: p?.updatedAt ?? '' };
}
