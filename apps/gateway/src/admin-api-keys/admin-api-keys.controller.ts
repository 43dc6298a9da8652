import { Controller, Delete, Get, Param, Patch, Post, Req } from '@nestjs/common';
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

import { authNames, type auth } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery, ZodPipe, z } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';

type Req = FastifyRequest & AuthenticatedRequest;

const CreateSchema = z
  .object({
    telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    type: z.enum(['traffic', 'rotation']),
    limit_mb: z
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024),
    days: z.number().int().min(1).max(3650),
  })
  .strict();
const UpdateSchema = z
  .object({
    status: z.enum(['active', 'inactive']).optional(),
    limit_mb: z
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024)
      .optional(),
    extend_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send status, limit_mb or extend_days');
const ListSchema = z
  .object({
    telegram_id: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
const KeyId = z.uuid();

const apiKeyJson = (k: auth.ApiKey | undefined): Record<string, unknown> => ({
  id: k?.id ?? '',
  telegram_id: k?.telegramId ?? 0,
  type: k ? authNames.apiKeyType.toNameOr(k.type, '') : '',
  limit_mb: k?.limitMb ?? 0,
  used_mb: Number(k?.usedMb ?? 0),
  expiry_date: k?.expiryDate ?? '',
  status: k ? authNames.apiKeyStatus.toNameOr(k.status, '') : '',
  key_prefix: k?.keyPrefix ?? '',
  created_at: k?.createdAt ?? '',
});

/** Admin 'API Management': buyer API keys (superadmins and moderators). */
@ApiTags('admin: api keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({ description: '`forbidden`: not an admin' })
@Roles('superadmin', 'moderator')
@Controller('api/admin/apis')
export class AdminApiKeysController {
  constructor(private readonly clients: ServiceClients) {}

  @Post('create')
  @ApiOperation({
    summary: 'Create a key for a user; the key is in this response only (stored hashed)',
  })
  @ApiZodBody(CreateSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        api_key: 'tsk_...',
        api: { id: 'uuid', type: 'traffic', limit_mb: 10240, status: 'active' },
      },
    },
  })
  async create(
    @ValidBody(CreateSchema) body: z.infer<typeof CreateSchema>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.createApiKey(
      {
        caller: callerOf(request),
        telegramId: body.telegram_id,
        type: authNames.apiKeyType.toProto(body.type),
        limitMb: body.limit_mb,
        days: body.days,
      },
      callOptions(request),
    );
    return { status: 'success', api_key: res.key, api: apiKeyJson(res.apiKey) };
  }

  @Get()
  @ApiOperation({ summary: 'Keys: owner, limit, usage, status, expiry (never the key)' })
  @ApiZodQuery(ListSchema)
  async list(
    @ValidQuery(ListSchema) q: z.infer<typeof ListSchema>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.listApiKeys(
      {
        caller: callerOf(request),
        telegramId: q.telegram_id ?? 0,
        limit: q.limit,
        offset: q.offset,
      },
      callOptions(request),
    );
    return { status: 'success', apis: res.apiKeys.map(apiKeyJson), total: res.total };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Activate/deactivate, change the limit, extend the expiry' })
  @ApiZodBody(UpdateSchema)
  @ApiNotFoundResponse({ description: '`api_key_not_found`' })
  async update(
    @Param('id', new ZodPipe(KeyId)) id: string,
    @ValidBody(UpdateSchema) body: z.infer<typeof UpdateSchema>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.updateApiKey(
      {
        caller: callerOf(request),
        id,
        status: body.status === undefined ? undefined : authNames.apiKeyStatus.toProto(body.status),
        limitMb: body.limit_mb,
        extendDays: body.extend_days,
      },
      callOptions(request),
    );
    return { status: 'success', api: apiKeyJson(res.apiKey) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a key' })
  @ApiNotFoundResponse({ description: '`api_key_not_found`' })
  async remove(
    @Param('id', new ZodPipe(KeyId)) id: string,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    await this.clients.auth.deleteApiKey({ caller: callerOf(request), id }, callOptions(request));
    return { status: 'success' };
  }
}
