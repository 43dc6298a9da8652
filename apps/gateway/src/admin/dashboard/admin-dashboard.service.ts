import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { filter } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteReply } from '../../contract/route-contract';
import {
  DashboardAuth,
  DashboardFilter,
  DashboardLedger,
  DashboardPayout,
  DashboardTelemetry,
} from './admin-dashboard.clients';
import type { DashboardChartsRoute, DashboardSummaryRoute } from './admin-dashboard.contract';
import {
  authSeries,
  balancesJson,
  ledgerSeries,
  payoutSeries,
  payoutsJson,
  revenueJson,
  sessionsJson,
  todayJson,
  trafficSeries,
  usersJson,
} from './admin-dashboard.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

// One slow service must not hold the page: each part has its own short deadline.
const PART_DEADLINE_MS = 2_000;

type Settled<T> = PromiseSettledResult<T>;
const value = <T>(r: Settled<T>): T | undefined => (r.status === 'fulfilled' ? r.value : undefined);

/**
 * The admin dashboard's fan-out: auth (users, keys), ledger (balances, credits), telemetry
 * (sessions, traffic), filter (pending reviews) and payout-svc (payouts: completed per day,
 * withdrawals waiting) in parallel. A part
 * whose service fails or is slow becomes null and is named in `degraded`; the page itself never
 * fails for one service (unlike the user dashboard, nothing here is a balance shown to act on).
 */
@Injectable()
export class AdminDashboardService {
  constructor(
    @Inject(DashboardAuth.token) private readonly auth: typeof DashboardAuth.type,
    @Inject(DashboardLedger.token) private readonly ledger: typeof DashboardLedger.type,
    @Inject(DashboardTelemetry.token) private readonly telemetry: typeof DashboardTelemetry.type,
    @Inject(DashboardFilter.token) private readonly filter: typeof DashboardFilter.type,
    @Inject(DashboardPayout.token) private readonly payout: typeof DashboardPayout.type,
  ) {}

  async summary(request: Req): Promise<RouteReply<typeof DashboardSummaryRoute>> {
    const caller = callerOf(request);
    const opts = callOptions(request, PART_DEADLINE_MS);
    const [a, l, t, f, p] = await Promise.allSettled([
      this.auth.getAdminStats({ caller, days: 1 }, opts),
      this.ledger.getAdminStats({ caller, days: 1 }, opts),
      this.telemetry.getAdminStats({ caller, days: 1 }, opts),
      this.filter.listReviews(
        {
          caller,
          status: filter.ReviewStatus.REVIEW_STATUS_PENDING,
          telegramId: 0,
          limit: 1,
          offset: 0,
        },
        opts,
      ),
      this.payout.getAdminStats({ caller, days: 1 }, opts),
    ]);
    const degraded: string[] = [];
    const part = <T, R>(name: string, r: Settled<T>, f: (v: T) => R): R | null => {
      const v = value(r);
      if (v === undefined) {
        degraded.push(name);
        return null;
      }
      return f(v);
    };
    const users = part('users', a, usersJson);
    const balances = part('balances', l, balancesJson);
    const today = value(l) ? todayJson(value(l)!) : null;
    const revenue = value(l) ? revenueJson(value(l)!, value(a)) : null;
    return {
      users,
      balances,
      sessions: part('sessions', t, sessionsJson),
      today,
      revenue,
      payouts: part('payouts', p, payoutsJson),
      pending_filter_reviews: part('filter_reviews', f, (r) => Number(r.total)),
      degraded,
      generated_at: new Date().toISOString(),
    };
  }

  async charts(days: number, request: Req): Promise<RouteReply<typeof DashboardChartsRoute>> {
    const caller = callerOf(request);
    const opts = callOptions(request, PART_DEADLINE_MS);
    const [a, l, t, p] = await Promise.allSettled([
      this.auth.getAdminStats({ caller, days }, opts),
      this.ledger.getAdminStats({ caller, days }, opts),
      this.telemetry.getAdminStats({ caller, days }, opts),
      this.payout.getAdminStats({ caller, days }, opts),
    ]);
    const degraded: string[] = [];
    const av = value(a);
    const lv = value(l);
    const tv = value(t);
    const pv = value(p);
    if (!av) degraded.push('users');
    if (!lv) degraded.push('ledger');
    if (!tv) degraded.push('traffic');
    if (!pv) degraded.push('payouts');
    return {
      days,
      ...(av ? authSeries(av) : { new_users: null, daily_active_users: null }),
      credited_usd: lv ? ledgerSeries(lv) : null,
      payouts_usd: pv ? payoutSeries(pv) : null,
      mb: tv ? trafficSeries(tv) : null,
      degraded,
    };
  }
}
