import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { auth, ledger } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { usd } from '../../common/units';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { earningsSummaryJson, reasonOf, statusOf } from '../../referrals/referrals.presenter';
import {
  AdminReferralTreeRoute,
  AdminVoidReferralRoute,
  type AdminReferralJson,
} from './admin-referrals.contract';

type Req = FastifyRequest & AuthenticatedRequest;

export const AdminReferralsAuth = narrowClient('auth', ['getReferrals', 'voidReferral']);
export const AdminReferralsLedger = narrowClient('ledger', ['getReferralEarnings']);

function adminReferralJson(
  r: auth.ReferralEntry | undefined,
  earned?: ledger.ReferralSourceEarnings,
): AdminReferralJson {
  const status = statusOf(r?.status ?? '');
  return {
    telegram_id: r?.telegramId ?? 0,
    referrer_id: r?.referrerId ?? 0,
    name_masked: r?.nameMasked ?? '',
    tier: r?.tier ?? 1,
    status,
    reason: status === 'counted' ? null : reasonOf(r?.reason ?? ''),
    via: r?.via ?? '',
    joined_at: r?.attributedAt ?? '',
    earned_usd: earned ? usd(earned.earnedMicroUsd) : null,
  };
}

/** Admin view of the referral program: a user's tree and flags, and voiding a relationship. */
@Controller()
export class AdminReferralsController {
  constructor(
    @Inject(AdminReferralsAuth.token) private readonly auth: typeof AdminReferralsAuth.type,
    @Inject(AdminReferralsLedger.token) private readonly ledger: typeof AdminReferralsLedger.type,
  ) {}

  @Route(AdminReferralTreeRoute)
  async tree(
    { params, query }: RouteInput<typeof AdminReferralTreeRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminReferralTreeRoute>> {
    const caller = callerOf(request);
    const telegramId = params.telegram_id;
    const [page, earnings] = await Promise.all([
      this.auth.getReferrals(
        { caller, telegramId, limit: query.limit ?? 100, offset: query.offset ?? 0 },
        callOptions(request),
      ),
      this.ledger
        .getReferralEarnings(
          { caller, telegramId, from: '', to: '', totalsOnly: false },
          callOptions(request),
        )
        .catch((): ledger.GetReferralEarningsResponse | null => null),
    ]);
    const bySource = new Map((earnings?.sources ?? []).map((s) => [s.sourceTelegramId, s]));
    return {
      telegram_id: telegramId,
      code: page.links?.code ?? '',
      referred_by: page.referredBy || null,
      referred_status: page.referredStatus ? statusOf(page.referredStatus) : null,
      counts: page.tiers.map((t) => ({
        tier: t.tier,
        counted: t.counted,
        not_counted: t.notCounted,
      })),
      total: page.total,
      earnings: earningsSummaryJson(earnings),
      referrals: page.referrals.map((r) => adminReferralJson(r, bySource.get(r.telegramId))),
      flags: page.attempts.map((a) => ({
        telegram_id: a.telegramId,
        code: a.code,
        reason: a.reason,
        at: a.at,
      })),
    };
  }

  @Route(AdminVoidReferralRoute)
  async void(
    { params, body }: RouteInput<typeof AdminVoidReferralRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminVoidReferralRoute>> {
    const res = await this.auth.voidReferral(
      {
        caller: callerOf(request),
        telegramId: params.telegram_id,
        note: body.note,
        clawBack: body.claw_back,
      },
      callOptions(request),
    );
    return { voided: res.voided, referral: adminReferralJson(res.referral) };
  }
}
