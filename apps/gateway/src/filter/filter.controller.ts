import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { FilterAuditRoute } from './filter.contract';
import { auditJson } from './filter.presenter';

export const FilterAudit = narrowClient('filter', ['getSessionAudit']);

@Controller()
export class FilterController {
  constructor(@Inject(FilterAudit.token) private readonly filter: typeof FilterAudit.type) {}

  @Route(FilterAuditRoute)
  async audit(
    { params }: RouteInput<typeof FilterAuditRoute>,
    @Req() request: FastifyRequest & AuthenticatedRequest,
  ): Promise<RouteReply<typeof FilterAuditRoute>> {
    const res = await this.filter.getSessionAudit(
      { caller: callerOf(request), sessionId: params.session_id },
      callOptions(request),
    );
    return { session_id: params.session_id, entries: res.entries.map(auditJson) };
  }
}
