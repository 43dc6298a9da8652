import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { ListAuditRoute, VerifyAuditRoute } from './admin-audit.contract';
import { auditEntryJson } from './admin-audit.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const AuditAuth = narrowClient('auth', ['listAdminAudit', 'verifyAdminAudit']);

/** The hash-chained admin audit trail (auth-svc keeps it for every service). */
@Controller()
export class AdminAuditController {
  constructor(@Inject(AuditAuth.token) private readonly auth: typeof AuditAuth.type) {}

  @Route(ListAuditRoute)
  async list(
    { query: q }: RouteInput<typeof ListAuditRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListAuditRoute>> {
    const r = await this.auth.listAdminAudit(
      {
        caller: callerOf(request),
        actorId: q.admin ?? 0,
        action: q.action ?? '',
        target: q.target ?? '',
        from: q.from ?? '',
        to: q.to ?? '',
        beforeSeq: q.before ?? 0,
        limit: q.limit,
      },
      callOptions(request),
    );
    return {
      entries: r.entries.map(auditEntryJson),
      next_before: Number(r.nextBeforeSeq) || null,
    };
  }

  @Route(VerifyAuditRoute)
  async verify(
    _input: RouteInput<typeof VerifyAuditRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof VerifyAuditRoute>> {
    const r = await this.auth.verifyAdminAudit(
      { caller: callerOf(request) },
      callOptions(request, 60_000),
    );
    return r.ok
      ? { ok: true, checked: Number(r.checked) }
      : {
          ok: false,
          checked: Number(r.checked),
          first_bad_id: Number(r.firstBadSeq),
          reason: r.reason as 'hash_mismatch' | 'broken_link' | 'row_missing',
        };
  }
}
