import { Controller, Inject, Logger, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { ledger } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { usd, mb } from '../common/units';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { ReferralsAuth, ReferralsLedger } from './referrals.clients';
import { ReferralEarningsRoute, ReferralsRoute } from './referrals.contract';
import { earningsSummaryJson, linksJson, ratesJson, referralItemJson } from './referrals.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

/** The referral page: code, links, tiers and referrals (auth-svc) with earnings (ledger-svc). */
@Controller()
export class ReferralsController {
  private readonly logger = new Logger(ReferralsController.name);

  constructor(
    @Inject(ReferralsAuth.token) private readonly auth: typeof ReferralsAuth.type,
    @Inject(ReferralsLedger.token) private readonly ledger: typeof ReferralsLedger.type,
  ) {}

  @Route(ReferralsRoute)
  async referrals(
    { query }: RouteInput<typeof ReferralsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ReferralsRoute>> {
    const caller = callerOf(request);
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const [page, earnings] = await Promise.all([
      this.auth.getReferrals(
        { caller, telegramId: caller.telegramId, limit, offset },
        callOptions(request),
      ),
      // The earnings part degrades alone: the code and links still show without the ledger.
      this.ledger
        .getReferralEarnings(
          { caller, telegramId: caller.telegramId, from: '', to: '', totalsOnly: false },
          callOptions(request),
        )
        .catch((err: unknown): ledger.GetReferralEarningsResponse | null => {
          this.logger.warn(`referral earnings unavailable: ${String(err)}`);
          return null;
        }),
    ]);
    const bySource = new Map((earnings?.sources ?? []).map((s) => [s.sourceTelegramId, s]));
    return {
      code: page.links?.code ?? '',
      links: linksJson(page.links),
      rates: ratesJson(earnings),
      bonus:
        earnings && earnings.bonusMicroUsd > 0
          ? { usd: usd(earnings.bonusMicroUsd), after_mb: mb(earnings.bonusMilliMb) }
          : null,
      counts: page.tiers.map((t) => ({
        tier: t.tier,
        counted: t.counted,
        not_counted: t.notCounted,
      })),
      total: page.total,
      earnings: earningsSummaryJson(earnings),
      referrals: page.referrals.map((r) => referralItemJson(r, bySource.get(r.telegramId))),
      limit,
      offset,
    };
  }

  @Route(ReferralEarningsRoute)
  async earnings(
    { query }: RouteInput<typeof ReferralEarningsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ReferralEarningsRoute>> {
    const caller = callerOf(request);
    const res = await this.ledger.getReferralEarnings(
      {
        caller,
        telegramId: caller.telegramId,
        from: query.from ?? '',
        to: query.to ?? '',
        totalsOnly: true,
      },
      callOptions(request),
    );
    return {
      from: res.from,
      to: res.to,
      total_usd: usd(res.days.reduce((a, d) => a + d.earnedMicroUsd, 0)),
      days: res.days.map((d) => ({
        date: d.day,
        tier: d.tier,
        earned_usd: usd(d.earnedMicroUsd),
        income_usd: usd(d.incomeMicroUsd),
      })),
    };
  }
}
