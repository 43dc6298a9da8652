import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { DashboardChartsRoute, DashboardSummaryRoute } from './admin-dashboard.contract';
import { AdminDashboardService } from './admin-dashboard.service';

type Req = FastifyRequest & AuthenticatedRequest;

/** The admin console's dashboard: summary numbers and per-day chart series. */
@Controller()
export class AdminDashboardController {
  constructor(private readonly dashboard: AdminDashboardService) {}

  @Route(DashboardSummaryRoute)
  summary(
    _input: RouteInput<typeof DashboardSummaryRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DashboardSummaryRoute>> {
    return this.dashboard.summary(request);
  }

  @Route(DashboardChartsRoute)
  charts(
    { query }: RouteInput<typeof DashboardChartsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DashboardChartsRoute>> {
    return this.dashboard.charts(query.days, request);
  }
}
