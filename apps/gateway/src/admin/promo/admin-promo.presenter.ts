import type { ledger } from '@trafficshare/contracts';

import { promoJson } from '../../promo/promo.presenter';
import type { AdminPromoJson } from './admin-promo.contract';

export { promoJson };

/** A promo code as the console lists it: with its activations. */
export function adminPromoJson(p: ledger.PromoCode): AdminPromoJson {
  return { ...promoJson(p), activations: p.activations, created_at: p.createdAt };
}
