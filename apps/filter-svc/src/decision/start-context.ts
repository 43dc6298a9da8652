import { commonNames, type filter, type filterInternal } from '@trafficshare/contracts';
import { callerOf, type CallerInfo, type RoleName, type UserId } from '@trafficshare/identity';

/** One START as filter-svc sees it (enums as the names the audit rows keep). */
export interface StartContext {
  /** 0 = an anonymous user (an admin's dry-run check without one). */
  readonly telegramId: UserId | 0;
  /** Admins (moderators, superadmins) skip every check. */
  readonly role: RoleName;
  readonly deviceId: string;
  readonly sessionId: string;
  readonly clientIp: string;
  /** mobile | wifi | unknown ('' when not said) */
  readonly networkType: string;
  readonly appVersion: string;
  readonly os: string;
  readonly clientLocalIp: string;
  /** uz | ru | en ('' = en) */
  readonly language: string;
  readonly dryRun: boolean;
  /** Admin behind a dry-run check. */
  readonly requestedBy?: number;
}

/** A START as telemetry-svc forwards it: the pressing user's caller decides the role. */
export function fromDecideRequest(r: filterInternal.DecideRequest): StartContext {
  const caller = callerOf(r.caller);
  return {
    telegramId: caller.telegramId,
    role: caller.role,
    deviceId: r.deviceId,
    sessionId: r.sessionId,
    clientIp: r.clientIp,
    networkType: commonNames.networkType.toNameOr(r.networkType, ''),
    appVersion: r.appVersion,
    os: r.os,
    clientLocalIp: r.clientLocalIp,
    language: commonNames.language.toNameOr(r.language, ''),
    dryRun: r.dryRun,
  };
}

/** The admin's dry run: as a regular user would be judged, audited as the admin's. */
export const fromCheckRequest = (admin: CallerInfo, r: filter.CheckRequest): StartContext => ({
  telegramId: r.telegramId > 0 ? (r.telegramId as UserId) : 0,
  role: 'user',
  deviceId: '',
  sessionId: '',
  clientIp: r.clientIp,
  networkType: commonNames.networkType.toNameOr(r.networkType, ''),
  appVersion: '',
  os: '',
  clientLocalIp: '',
  language: commonNames.language.toNameOr(r.language, ''),
  dryRun: true,
  requestedBy: admin.telegramId,
});
