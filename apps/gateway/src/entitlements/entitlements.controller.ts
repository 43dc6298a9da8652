import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { MySubscriptionsRoute } from './entitlements.contract';
import { subscriptionJson } from './entitlements.presenter';

export const EntitlementsAuth = narrowClient('auth', ['getMySubscriptions']);

/** The caller's own subscriptions (the guard of premium routes reads them through the cache). */
@Controller()
export class MySubscriptionsController {
  constructor(
    @Inject(EntitlementsAuth.token) private readonly auth: typeof EntitlementsAuth.type,
  ) {}

  @Route(MySubscriptionsRoute)
  async mine(
    _input: RouteInput<typeof MySubscriptionsRoute>,
    @Req() request: FastifyRequest & AuthenticatedRequest,
  ): Promise<RouteReply<typeof MySubscriptionsRoute>> {
    const res = await this.auth.getMySubscriptions(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { version: res.version, subscriptions: res.subscriptions.map(subscriptionJson) };
  }
}
