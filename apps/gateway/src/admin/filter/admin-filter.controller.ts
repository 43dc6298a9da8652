import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { commonNames, filter, filterNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { validationFailed } from '../../errors/validation-error';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  AddWhitelistRoute,
  AdminFilterAuditRoute,
  FilterCheckRoute,
  GetPolicyRoute,
  ListReviewsRoute,
  ListWhitelistRoute,
  OverrideReviewRoute,
  PatchPolicyRoute,
  RemoveWhitelistRoute,
} from './admin-filter.contract';
import {
  auditJson,
  decisionJson,
  patchRequest,
  policyJson,
  reviewJson,
  whitelistJson,
} from './admin-filter.presenter';

export const AdminFilterClient = narrowClient('filter', [
  'getPolicy',
  'patchPolicy',
  'listReviews',
  'resolveReview',
  'getSessionAudit',
  'listWhitelist',
  'addWhitelistEntry',
  'removeWhitelistEntry',
  'check',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/** Admin tools of the START filter (filter-svc checks the superadmin role again). */
@Controller()
export class AdminFilterController {
  constructor(
    @Inject(AdminFilterClient.token) private readonly filter: typeof AdminFilterClient.type,
  ) {}

  @Route(GetPolicyRoute)
  async getPolicy(
    _input: RouteInput<typeof GetPolicyRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof GetPolicyRoute>> {
    const res = await this.filter.getPolicy({ caller: callerOf(request) }, callOptions(request));
    return { policy: policyJson(res.policy) };
  }

  @Route(PatchPolicyRoute)
  async patchPolicy(
    { body }: RouteInput<typeof PatchPolicyRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PatchPolicyRoute>> {
    const res = await this.filter.patchPolicy(
      patchRequest(callerOf(request), body),
      callOptions(request),
    );
    return { policy: policyJson(res.policy) };
  }

  @Route(ListReviewsRoute)
  async reviews(
    { query }: RouteInput<typeof ListReviewsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListReviewsRoute>> {
    const res = await this.filter.listReviews(
      {
        caller: callerOf(request),
        // 'all' = every status (UNSPECIFIED).
        status:
          query.status === 'all'
            ? filter.ReviewStatus.REVIEW_STATUS_UNSPECIFIED
            : filterNames.reviewStatus.toProto(query.status),
        telegramId: query.telegram_id ?? 0,
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return {
      reviews: res.reviews.map(reviewJson),
      total: res.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Route(OverrideReviewRoute)
  async override(
    { params, body }: RouteInput<typeof OverrideReviewRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof OverrideReviewRoute>> {
    const res = await this.filter.resolveReview(
      {
        caller: callerOf(request),
        ticketId: params.ticket_id,
        action: filterNames.reviewAction.toProto(body.action),
        note: body.note,
      },
      callOptions(request),
    );
    return { review: reviewJson(res.review) };
  }

  // GET /api/filter/audit/:session_id (the same answer outside /admin) is filter/filter.controller.ts.
  @Route(AdminFilterAuditRoute)
  async audit(
    { params }: RouteInput<typeof AdminFilterAuditRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AdminFilterAuditRoute>> {
    const res = await this.filter.getSessionAudit(
      { caller: callerOf(request), sessionId: params.session_id },
      callOptions(request),
    );
    return { session_id: params.session_id, entries: res.entries.map(auditJson) };
  }

  @Route(ListWhitelistRoute)
  async whitelist(
    _input: RouteInput<typeof ListWhitelistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListWhitelistRoute>> {
    const res = await this.filter.listWhitelist(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return whitelistJson(res);
  }

  @Route(AddWhitelistRoute)
  async addWhitelist(
    { body }: RouteInput<typeof AddWhitelistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AddWhitelistRoute>> {
    const res = await this.filter.addWhitelistEntry(
      {
        caller: callerOf(request),
        type: filterNames.whitelistEntryType.toProto(body.type),
        value: body.value,
        note: body.note,
      },
      callOptions(request),
    );
    return whitelistJson(res);
  }

  @Route(RemoveWhitelistRoute)
  async removeWhitelist(
    { params }: RouteInput<typeof RemoveWhitelistRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RemoveWhitelistRoute>> {
    const res = await this.filter.removeWhitelistEntry(
      {
        caller: callerOf(request),
        // Any other word is UNSPECIFIED, which filter-svc refuses (type must be asn or ip).
        type: filterNames.whitelistEntryType.parse(params.type) ?? 0,
        value: decodeValue(params.value),
        note: '',
      },
      callOptions(request),
    );
    return whitelistJson(res);
  }

  @Route(FilterCheckRoute)
  async check(
    { body }: RouteInput<typeof FilterCheckRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof FilterCheckRoute>> {
    const ip = body.ip ?? request.ip;
    if (!ip) throw validationFailed([{ field: 'ip', message: 'required' }]);
    const res = await this.filter.check(
      {
        caller: callerOf(request),
        clientIp: ip,
        networkType: commonNames.networkType.toProto(body.network_type),
        telegramId: body.telegram_id ?? 0,
        language: commonNames.language.toProto(body.language),
      },
      callOptions(request),
    );
    return { result: decisionJson(res.result) };
  }
}

/**
 * A whitelist value from the path, decoded once more: a CIDR's slash may arrive encoded twice
 * (10.0.0.0%252F8). A `%` that starts no escape is refused, not a 500.
 */
function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw validationFailed([{ field: 'value', message: 'not a valid URL-encoded value' }]);
  }
}
