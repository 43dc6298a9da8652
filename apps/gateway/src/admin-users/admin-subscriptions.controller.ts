import { Controller, Delete, Get, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery, ZodPipe, z } from '../common/zod';
import { subscriptionJson } from '../entitlements/subscriptions-json';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import {
  GrantSchema,
  PageQuerySchema,
  RevokeQuerySchema,
  type GrantDto,
  type PageQueryDto,
  type RevokeQueryDto,
} from './dto/admin-users.dto';

type Req = FastifyRequest & AuthenticatedRequest;

const ModelId = z
  .string()
  .regex(/^[a-z0-9_-]{1,50}$/, 'model_id: lowercase letters, digits, _ or -');

/** Entitlements administration (seed 003): grant, revoke, history; each pushed live. */
@ApiTags('admin: subscriptions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({ description: '`forbidden`: not an admin' })
@Roles('superadmin', 'moderator')
@Controller('api/admin/users/:telegram_id/subscriptions')
export class AdminSubscriptionsController {
  constructor(private readonly clients: ServiceClients) {}

  @Post()
  @ApiOperation({
    summary:
      'Grant a model for `days` (0 = no expiry); bumps the version and notifies the user live',
  })
  @ApiZodBody(GrantSchema)
  @ApiOkResponse({ schema: { example: { status: 'success', version: 2, subscriptions: [] } } })
  @ApiNotFoundResponse({ description: '`user_not_found`, `model_not_found`' })
  async grant(
    @TelegramIdParam() telegramId: UserId,
    @ValidBody(GrantSchema) body: GrantDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.grantSubscription(
      {
        caller: callerOf(request),
        telegramId,
        modelId: body.model_id,
        days: body.days,
        reason: body.reason,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      version: res.version,
      subscriptions: res.subscriptions.map(subscriptionJson),
    };
  }

  @Get('history')
  @ApiOperation({ summary: 'Subscription changes of the user, newest first' })
  @ApiZodQuery(PageQuerySchema)
  async history(
    @TelegramIdParam() telegramId: UserId,
    @ValidQuery(PageQuerySchema) q: PageQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.getSubscriptionHistory(
      { caller: callerOf(request), telegramId, limit: q.limit, offset: q.offset },
      callOptions(request),
    );
    return {
      status: 'success',
      history: res.history.map((h) => ({
        id: h.id,
        admin_id: h.adminId,
        old_subscriptions: JSON.parse(h.oldSubscriptions) as unknown,
        new_subscriptions: JSON.parse(h.newSubscriptions) as unknown,
        reason: h.reason,
        ip_address: h.ipAddress || null,
        created_at: h.createdAt,
      })),
    };
  }

  @Delete(':model_id')
  @ApiOperation({
    summary: 'Revoke a model (`?reason=`); bumps the version and notifies the user live',
  })
  @ApiZodQuery(RevokeQuerySchema)
  @ApiNotFoundResponse({ description: '`subscription_not_found`' })
  async revoke(
    @TelegramIdParam() telegramId: UserId,
    @Param('model_id', new ZodPipe(ModelId)) modelId: string,
    @ValidQuery(RevokeQuerySchema) q: RevokeQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.revokeSubscription(
      { caller: callerOf(request), telegramId, modelId, reason: q.reason },
      callOptions(request),
    );
    return {
      status: 'success',
      version: res.version,
      subscriptions: res.subscriptions.map(subscriptionJson),
    };
  }
}
