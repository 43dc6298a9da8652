import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import {
  commonNames,
  telemetryNames,
  type auth,
  type ledger,
  type telemetry,
} from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { convert, mb, priceJson, usd } from '../balance/ledger-json';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';

type Req = FastifyRequest & AuthenticatedRequest;

// One slow service must not hold the whole page: each part gets its own short deadline.
const PART_DEADLINE_MS = 2_000;

type Settled<T> = PromiseSettledResult<T>;
const value = <T>(r: Settled<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);

/**
 * GET /api/dashboard: profile, balance, traffic, price, mini stats and the active session in one
 * response. The six calls (auth, ledger ×2, telemetry ×2) run in parallel; a part whose service
 * fails or is slow degrades instead of failing the page: the profile falls back to the token's
 * claims, traffic to the ledger's credited MB, the other parts to null — and `degraded` names
 * every part that fell back. Only when the ledger's balance is unavailable does the page fail
 * (money shown wrong is worse than no page).
 */
@Injectable()
export class DashboardService {
  constructor(private readonly clients: ServiceClients) {}

  async build(telegramId: UserId, request: Req): Promise<Record<string, unknown>> {
    const opts = callOptions(request, PART_DEADLINE_MS);
    const self = String(telegramId) === request.user.sub;
    const [profile, summary, price, sessions, active] = await Promise.allSettled([
      self
        ? this.clients.auth.getProfile({ caller: callerOf(request) }, opts).then(profileFromAuth)
        : this.clients.auth
            .listUsers(
              { caller: callerOf(request), query: String(telegramId), limit: 1, offset: 0 },
              opts,
            )
            .then((r) => profileFromSummary(r.users[0])),
      this.clients.ledger.getBalanceSummary(
        { caller: callerOf(request), telegramId, recentLimit: 0 },
        callOptions(request),
      ),
      this.clients.ledger.getDailyPrice({ date: '' }, opts),
      this.clients.telemetry.getSessionsSummary({ caller: callerOf(request), telegramId }, opts),
      this.clients.telemetry.listSessions(
        {
          caller: callerOf(request),
          telegramId,
          from: '',
          to: '',
          status: telemetryNames.sessionStatus.toProto('active'),
          limit: 1,
          offset: 0,
        },
        opts,
      ),
    ]);
    const s = value(summary);
    if (!s) throw (summary as PromiseRejectedResult).reason;
    const degraded: string[] = [];
    const user =
      value(profile) ??
      (degraded.push('profile'),
      self
        ? {
            telegram_id: request.user.sub,
            username: request.user.username,
            first_name: null,
            photo_url: null,
            auth_date: null,
          }
        : { telegram_id: String(telegramId) });
    const available = s.balance?.availableMicroUsd ?? 0;
    const stats = s.stats;
    const t = value(sessions);
    if (!t) degraded.push('traffic');
    const activeList = value(active);
    if (!activeList) degraded.push('active_session');
    const p = value(price);
    if (!p) degraded.push('pricing');
    return {
      status: 'success',
      user,
      balance: {
        usd: usd(available),
        converted_usdt: usd(convert(available, s.usdToUsdtRate)),
        converted_uzs: Math.floor(usd(convert(available, s.usdToUzsRate))),
        held_usd: usd(s.balance?.heldMicroUsd ?? 0),
      },
      traffic: trafficJson(t, stats),
      pricing: p ? priceJson(p.price) : null,
      mini_stats: {
        today_usd: usd(stats?.todayMicroUsd ?? 0),
        week_usd: usd(stats?.weekMicroUsd ?? 0),
        avg7_usd: usd(stats?.avg7MicroUsd ?? 0),
        today_mb: mb(stats?.todayMilliMb ?? 0),
        week_mb: mb(stats?.weekMilliMb ?? 0),
        sessions_today: t?.today?.sessions ?? null,
        sessions_week: t?.week?.sessions ?? null,
      },
      active_session: activeList ? activeJson(activeList.sessions[0]) : null,
      degraded,
    };
  }
}

function profileFromAuth(p: auth.GetProfileResponse): Record<string, unknown> {
  return {
    telegram_id: String(p.telegramId),
    first_name: p.firstName,
    username: p.username,
    photo_url: p.photoUrl || null,
    auth_date: p.authDate || null,
  };
}

function profileFromSummary(u: auth.UserSummary | undefined): Record<string, unknown> {
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
function trafficJson(
  t: telemetry.GetSessionsSummaryResponse | undefined,
  stats: ledger.EarningStats | undefined,
): Record<string, unknown> {
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

function activeJson(s: telemetry.Session | undefined): Record<string, unknown> | null {
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
