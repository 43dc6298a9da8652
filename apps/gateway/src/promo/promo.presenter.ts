import type { ledger } from '@trafficshare/contracts';

import { usd } from '../common/units';
import type { ActivatedJson, PromoJson } from './promo.contract';

/** A promo code as users (and admins) see it. */
export function promoJson(p: ledger.PromoCode | undefined): PromoJson {
  return {
    code: p?.code ?? '',
    bonus_percent: (p?.bonusBasisPoints ?? 0) / 100,
    expires_at: p?.expiresAt || null,
    is_active: p?.isActive ?? false,
    max_bonus_usd: p?.maxBonusMicroUsd ? usd(p.maxBonusMicroUsd) : null,
  };
}

export function activatedJson(res: ledger.ActivatePromoCodeResponse): ActivatedJson {
  return {
    code: res.code,
    bonus_usd: usd(res.bonusMicroUsd),
    base_usd: usd(res.baseMicroUsd),
    new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
    transfer_id: res.transferId,
  };
}
