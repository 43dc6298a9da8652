import { commonNames, type auth, type ledger, type telemetry } from '@trafficshare/contracts';

import { mb } from '../common/units';
import type {
  DashboardActiveSessionJson,
  DashboardTrafficJson,
  DashboardUserJson,
} from './dashboard.contract';

export function profileFromAuth(p: auth.GetProfileResponse): DashboardUserJson {
  return {
    telegram_id: String(p.telegramId),
    first_name: p.firstName,
    username: p.username,
    photo_url: p.photoUrl || null,
    auth_date: p.authDate || null,
  };
}

export function profileFromSummary(u: auth.UserSummary | undefined): DashboardUserJson {
  if (!u) throw new Error('user not found');
  return {
    telegram_id: String(u.telegramId),
    first_name: u.firstName,
    username: u.username,
    photo_url: null,
    auth_date: u.lastLogin || null,
  };
}

/** Today: MB telemetry counted (sent) vs MB the ledger credited (used); remaining = not yet credited. */
export function trafficJson(
  t: telemetry.GetSessionsSummaryResponse | undefined,
  stats: ledger.EarningStats | undefined,
): DashboardTrafficJson {
  const used = stats?.todayMilliMb ?? 0;
  const sent = Math.max(t?.today?.milliMb ?? used, used);
  return {
    period: 'today',
    sent_mb: mb(sent),
    used_mb: mb(used),
    remaining_mb: mb(sent - used),
    progress_percent: sent > 0 ? Math.round((used / sent) * 1000) / 10 : 0,
  };
}

export function activeJson(s: telemetry.Session | undefined): DashboardActiveSessionJson | null {
  if (!s) return null;
  return {
    session_id: s.sessionId,
    started_at: s.startedAt,
    duration_s: s.durationS,
    used_mb: mb(s.serverCountedMilliMb),
    current_speed_mb_s: mb(s.currentSpeedMilliMbS),
    network_type: commonNames.networkType.toNameOr(s.networkType, ''),
  };
}
