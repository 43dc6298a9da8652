import type { ledger } from '@trafficshare/contracts';

import { changeString, usd } from '../common/units';
import type { DailyPriceJson } from './pricing.contract';

/** A ledger DailyPrice as the API shows it (0 and '' when no price is set yet). */
export function dailyPriceJson(p: ledger.DailyPrice | undefined): DailyPriceJson {
  const price = p?.pricePerGbMicroUsd ?? 0;
  const previous = p?.previousPricePerGbMicroUsd ?? 0;
  return {
    date: p?.date ?? '',
    price_per_gb: usd(price),
    message: p?.message ?? '',
    change: changeString(previous > 0 ? price - previous : 0),
  };
}
