import type { auth } from '@trafficshare/contracts';

import type { SubscriptionJson } from './entitlements.contract';

/** One subscription as clients see it (my-subscriptions, admin routes, the live message). */
export function subscriptionJson(s: auth.UserSubscription): SubscriptionJson {
  return {
    model_id: s.model?.id ?? '',
    name: s.model?.name ?? '',
    is_free: s.model?.isFree ?? false,
    is_premium: s.model?.isPremium ?? false,
    color: s.model?.color ?? '',
    granted_by: s.grantedBy,
    granted_at: s.grantedAt,
    expiry_date: s.expiryDate || null,
  };
}
