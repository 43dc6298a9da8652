import { Controller, Get, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { subscriptionJson } from './subscriptions-json';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/auth')
export class MySubscriptionsController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('my-subscriptions')
  @ApiOperation({
    summary:
      'The caller’s active subscriptions and subscription_version (call on reconnect or tab focus)',
  })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        version: 3,
        subscriptions: [
          {
            model_id: 'free',
            name: 'Free',
            is_free: true,
            is_premium: false,
            color: '#9E9E9E',
            granted_by: 0,
            granted_at: '2025-11-02T12:45:00.000Z',
            expiry_date: null,
          },
        ],
      },
    },
  })
  @ApiUnauthorizedResponse({
    description: '`token_missing`, `token_invalid`, `token_expired`, `session_revoked`',
  })
  async mine(
    @Req() request: FastifyRequest & AuthenticatedRequest,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.getMySubscriptions(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return {
      status: 'success',
      version: res.version,
      subscriptions: res.subscriptions.map(subscriptionJson),
    };
  }
}
