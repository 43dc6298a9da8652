import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { authNames } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import {
  CreateApiKeyRoute,
  DeleteApiKeyRoute,
  ListApiKeysRoute,
  UpdateApiKeyRoute,
} from './admin-api-keys.contract';
import { apiKeyJson } from './admin-api-keys.presenter';

export const AdminApiKeysAuth = narrowClient('auth', [
  'createApiKey',
  'listApiKeys',
  'updateApiKey',
  'deleteApiKey',
]);

type Req = FastifyRequest & AuthenticatedRequest;

/** Admin: buyer API keys (auth-svc checks the role again). */
@Controller()
export class AdminApiKeysController {
  constructor(
    @Inject(AdminApiKeysAuth.token) private readonly auth: typeof AdminApiKeysAuth.type,
  ) {}

  @Route(CreateApiKeyRoute)
  async create(
    { body }: RouteInput<typeof CreateApiKeyRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof CreateApiKeyRoute>> {
    const res = await this.auth.createApiKey(
      {
        caller: callerOf(request),
        telegramId: body.telegram_id,
        type: authNames.apiKeyType.toProto(body.type),
        limitMb: body.limit_mb,
        days: body.days,
      },
      callOptions(request),
    );
    return { api_key: res.key, api: apiKeyJson(res.apiKey) };
  }

  @Route(ListApiKeysRoute)
  async list(
    { query }: RouteInput<typeof ListApiKeysRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListApiKeysRoute>> {
    const res = await this.auth.listApiKeys(
      {
        caller: callerOf(request),
        telegramId: query.telegram_id ?? 0,
        limit: query.limit,
        offset: query.offset,
      },
      callOptions(request),
    );
    return { apis: res.apiKeys.map(apiKeyJson), total: res.total };
  }

  @Route(UpdateApiKeyRoute)
  async update(
    { params, body }: RouteInput<typeof UpdateApiKeyRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof UpdateApiKeyRoute>> {
    const res = await this.auth.updateApiKey(
      {
        caller: callerOf(request),
        id: params.id,
        status: body.status === undefined ? undefined : authNames.apiKeyStatus.toProto(body.status),
        limitMb: body.limit_mb,
        extendDays: body.extend_days,
      },
      callOptions(request),
    );
    return { api: apiKeyJson(res.apiKey) };
  }

  @Route(DeleteApiKeyRoute)
  async remove(
    { params }: RouteInput<typeof DeleteApiKeyRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof DeleteApiKeyRoute>> {
    await this.auth.deleteApiKey(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    return {};
  }
}
