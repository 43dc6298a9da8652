import type { auth } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import { subscriptionJson } from '../../entitlements/entitlements.presenter';
import { loginRecordJson } from '../../user/user.presenter';
import type {
  SubscriptionHistoryJson,
  SubscriptionSetJson,
  UserSessionJson,
  UserSummaryJson,
} from './admin-users.contract';

export function userSummaryJson(u: auth.UserSummary | undefined): UserSummaryJson {
  return {
    telegram_id: u?.telegramId ?? 0,
    username: u?.username ?? '',
    first_name: u?.firstName ?? '',
    role: (u && roleFromProto(u.role)) ?? 'user',
    status: u?.banned ? 'banned' : 'active',
    ban_reason: u?.banReason || null,
    last_login: u?.lastLogin || null,
    last_login_device: u?.lastLoginDevice ?? '',
    created_at: u?.createdAt ?? '',
  };
}

export function userSessionJson(s: auth.LoginRecord): UserSessionJson {
  return { session_id: s.sessionId, ...loginRecordJson(s) };
}

/** A grant or revoke answer: the user's subscriptions after the change and their version. */
export function subscriptionSetJson(res: {
  version: number;
  subscriptions: auth.UserSubscription[];
}): SubscriptionSetJson {
  return { version: res.version, subscriptions: res.subscriptions.map(subscriptionJson) };
}

export function subscriptionHistoryJson(h: auth.SubscriptionHistoryEntry): SubscriptionHistoryJson {
  return {
    id: h.id,
    admin_id: h.adminId,
    // auth-svc sends the model id lists as JSON text.
    old_subscriptions: JSON.parse(h.oldSubscriptions) as string[],
    new_subscriptions: JSON.parse(h.newSubscriptions) as string[],
    reason: h.reason,
    ip_address: h.ipAddress || null,
    created_at: h.createdAt,
  };
}
