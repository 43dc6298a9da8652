import type { common } from '@trafficshare/contracts';
import { callerOf, requireRole, type CallerInfo } from '@trafficshare/identity';

/**
 * Every FilterService RPC is an admin tool for superadmins (/api/admin/filter/*): the service
 * checks the role itself, whatever the gateway checked.
 */
export function superadmin(caller: common.Caller | undefined): CallerInfo {
  const info = callerOf(caller);
  requireRole(info, 'superadmin');
  return info;
}
