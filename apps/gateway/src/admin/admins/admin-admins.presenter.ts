import type { auth } from '@trafficshare/contracts';
import { roleFromProto } from '@trafficshare/identity';

import type { AdminJson } from './admin-admins.contract';

/** An admin as the console lists it (a role other than superadmin shows as moderator). */
export function adminJson(a: auth.Admin | undefined): AdminJson {
  return {
    telegram_id: a?.telegramId ?? 0,
    username: a?.username ?? '',
    phone: a?.phone ?? '',
    role: a && roleFromProto(a.role) === 'superadmin' ? 'superadmin' : 'moderator',
    from_env: a?.fromEnv ?? false,
    created_at: a?.createdAt || null,
  };
}
