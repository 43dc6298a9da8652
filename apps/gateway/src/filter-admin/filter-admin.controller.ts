import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpException,
  Param,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { commonNames, filter, filterNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import {
  CheckSchema,
  OverrideSchema,
  PatchPolicySchema,
  ReviewsQuerySchema,
  WhitelistEntrySchema,
  type CheckDto,
  type OverrideDto,
  type PatchPolicyDto,
  type ReviewsQueryDto,
  type WhitelistEntryDto,
} from './dto/filter-admin.dto';
import {
  auditJson,
  decisionJson,
  patchRequest,
  policyJson,
  reviewJson,
  whitelistJson,
} from './filter-admin.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

/** Admin tools of the START filter (seed "Admin tools & UX"): superadmins only (SPEC roles). */
@ApiTags('admin: filter')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({ description: '`forbidden`: not a superadmin' })
@Roles('superadmin')
@Controller()
export class FilterAdminController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('api/admin/filter/policy')
  @ApiOperation({ summary: 'The policy in force (versioned)' })
  async getPolicy(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.getPolicy(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'success', policy: policyJson(res.policy) };
  }

  @Patch('api/admin/filter/policy')
  @ApiOperation({
    summary: 'Change policy settings: a new version; "EU" in allowed_regions means every EU member',
  })
  @ApiZodBody(PatchPolicySchema)
  @ApiConflictResponse({
    description: '`policy_version_conflict`: expected_version is not current',
  })
  async patchPolicy(
    @ValidBody(PatchPolicySchema) body: PatchPolicyDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.patchPolicy(
      patchRequest(callerOf(request), body),
      callOptions(request),
    );
    return { status: 'success', policy: policyJson(res.policy) };
  }

  @Get('api/admin/filter/reviews')
  @ApiOperation({ summary: 'Review queue (pending_admin tickets), oldest pending first' })
  @ApiZodQuery(ReviewsQuerySchema)
  async reviews(
    @ValidQuery(ReviewsQuerySchema) q: ReviewsQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.listReviews(
      {
        caller: callerOf(request),
        // 'all' = every status (UNSPECIFIED).
        status:
          q.status === 'all'
            ? filter.ReviewStatus.REVIEW_STATUS_UNSPECIFIED
            : filterNames.reviewStatus.toProto(q.status),
        telegramId: q.telegram_id ?? 0,
        limit: q.limit,
        offset: q.offset,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      reviews: res.reviews.map(reviewJson),
      total: res.total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  @Post('api/admin/filter/override/:ticket_id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve or reject a pending ticket with a note (admin override)' })
  @ApiZodBody(OverrideSchema)
  @ApiNotFoundResponse({ description: '`review_not_found`' })
  @ApiConflictResponse({ description: '`review_already_resolved`' })
  async override(
    @Param('ticket_id') ticketId: string,
    @ValidBody(OverrideSchema) body: OverrideDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.resolveReview(
      {
        caller: callerOf(request),
        ticketId,
        action: filterNames.reviewAction.toProto(body.action),
        note: body.note,
      },
      callOptions(request),
    );
    return { status: 'success', review: reviewJson(res.review) };
  }

  @Get(['api/admin/filter/audit/:session_id', 'api/filter/audit/:session_id'])
  @ApiOperation({
    summary: "A session's filter audit trail: checks, raw provider answers, decision, override",
  })
  @ApiOkResponse({ description: 'Entries oldest first' })
  async audit(
    @Param('session_id') sessionId: string,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.getSessionAudit(
      { caller: callerOf(request), sessionId },
      callOptions(request),
    );
    return { status: 'success', session_id: sessionId, entries: res.entries.map(auditJson) };
  }

  @Get('api/admin/filter/whitelist')
  @ApiOperation({ summary: 'Whitelisted ASNs and allowlisted IPs/CIDRs' })
  async whitelist(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.listWhitelist(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'success', ...whitelistJson(res) };
  }

  @Post('api/admin/filter/whitelist')
  @HttpCode(200)
  @ApiOperation({ summary: 'Whitelist an ASN or allowlist an IP/CIDR (a new policy version)' })
  @ApiZodBody(WhitelistEntrySchema)
  async addWhitelist(
    @ValidBody(WhitelistEntrySchema) body: WhitelistEntryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.addWhitelistEntry(
      {
        caller: callerOf(request),
        type: filterNames.whitelistEntryType.toProto(body.type),
        value: body.value,
        note: body.note,
      },
      callOptions(request),
    );
    return { status: 'success', ...whitelistJson(res) };
  }

  @Delete('api/admin/filter/whitelist/:type/:value')
  @ApiOperation({ summary: 'Remove a whitelist entry; URL-encode CIDRs (10.0.0.0%2F8)' })
  @ApiNotFoundResponse({ description: '`whitelist_entry_not_found`' })
  async removeWhitelist(
    @Param('type') type: string,
    @Param('value') value: string,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.filter.removeWhitelistEntry(
      {
        caller: callerOf(request),
        // Any other word is UNSPECIFIED, which filter-svc refuses (type must be asn or ip).
        type: filterNames.whitelistEntryType.parse(type) ?? 0,
        value: decodeURIComponent(value),
        note: '',
      },
      callOptions(request),
    );
    return { status: 'success', ...whitelistJson(res) };
  }

  @Post('api/admin/filter/check')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Dry run: the full decision for an IP and network type, audited as a dry run ("why am I blocked")',
  })
  @ApiZodBody(CheckSchema)
  async check(
    @ValidBody(CheckSchema) body: CheckDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const ip = body.ip ?? request.ip;
    if (!ip)
      throw new HttpException(
        { status: 'error', code: 'validation_failed', message: 'ip: required' },
        400,
      );
    const res = await this.clients.filter.check(
      {
        caller: callerOf(request),
        clientIp: ip,
        networkType: commonNames.networkType.toProto(body.network_type),
        telegramId: body.telegram_id ?? 0,
        language: commonNames.language.toProto(body.language),
      },
      callOptions(request),
    );
    return { status: 'success', result: decisionJson(res.result) };
  }
}
