import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { telemetryNames } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { convert, mb, usd } from '../common/units';
import { dailyPriceJson } from '../pricing/pricing.presenter';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import type { DashboardJson, DashboardUserJson } from './dashboard.contract';
import {
  activeJson,
  profileFromAuth,
  profileFromSummary,
  trafficJson,
} from './dashboard.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

// One slow service must not hold the whole page: each part gets its own short deadline.
const PART_DEADLINE_MS = 2_000;

type Settled<T> = PromiseSettledResult<T>;
const value = <T>(r: Settled<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);

/**
 * GET /api/dashboard: profile, balance, traffic, price, mini stats and the active session in one
 * response. The calls (auth, ledger ×3, telemetry ×2) run in parallel; a part whose service
 * fails or is slow degrades instead of failing the page: the profile falls back to the token's
 * claims, traffic to the ledger's credited MB, the other parts to null — and `degraded` names
 * every part that fell back. Only when the ledger's balance is unavailable does the page fail
 * (money shown wrong is worse than no page).
 */
@Injectable()
export class DashboardService {
  // A composition root: the page reads three services (auth, ledger, telemetry), so it takes the
  // service clients as a whole instead of one narrow client per service.
  constructor(private readonly clients: ServiceClients) {}

  async build(telegramId: UserId, request: Req): Promise<DashboardJson> {
    const opts = callOptions(request, PART_DEADLINE_MS);
    const self = String(telegramId) === request.user.sub;
    const today = new Date().toISOString().slice(0, 10);
    const [profile, summary, price, sessions, active, referrals] = await Promise.allSettled([
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
      this.clients.ledger.getReferralEarnings(
        { caller: callerOf(request), telegramId, from: today, to: today, totalsOnly: true },
        opts,
      ),
    ]);
    const s = value(summary);
    if (!s) throw (summary as PromiseRejectedResult).reason;
    const degraded: DashboardJson['degraded'] = [];
    const user: DashboardUserJson =
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
    const r = value(referrals);
    if (!r) degraded.push('referrals');
    return {
      user,
      balance: {
        usd: usd(available),
        converted_usdt: usd(convert(available, s.usdToUsdtRate)),
        converted_uzs: Math.floor(usd(convert(available, s.usdToUzsRate))),
        held_usd: usd(s.balance?.heldMicroUsd ?? 0),
      },
      traffic: trafficJson(t, stats),
      pricing: p ? dailyPriceJson(p.price) : null,
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
      // Referral earnings (commissions and bonuses): all time and today (UTC).
      referrals: r
        ? {
            total_usd: usd(r.totalMicroUsd),
            today_usd: usd(r.days.reduce((a, d) => a + d.earnedMicroUsd, 0)),
          }
        : null,
      degraded,
    };
  }
}
