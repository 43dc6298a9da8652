import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { subjectOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { DashboardRoute } from './dashboard.contract';
import { DashboardService } from './dashboard.service';

type Req = FastifyRequest & AuthenticatedRequest;

@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Route(DashboardRoute)
  dashboardOf(
    { params }: RouteInput<typeof DashboardRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DashboardRoute>> {
    return this.dashboard.build(subjectOf(request, params.telegram_id), request);
  }
}
