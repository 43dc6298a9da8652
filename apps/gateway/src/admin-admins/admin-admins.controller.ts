import { Controller, Delete, Get, Patch, Post, Req } from '@nestjs/common';
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

import type { auth } from '@trafficshare/contracts';
import { roleFromProto, roleToProto, type UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { ApiZodBody, ValidBody, z } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';

type Req = FastifyRequest & AuthenticatedRequest;

const Role = z.enum(['moderator', 'superadmin']);
const AddAdminSchema = z
  .object({
    telegram_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    username: z.string().max(64).default(''),
    phone: z.string().max(32).default(''),
    role: Role.default('moderator'),
  })
  .strict();
const UpdateAdminSchema = z
  .object({
    role: Role.optional(),
    username: z.string().max(64).optional(),
    phone: z.string().max(32).optional(),
  })
  .strict();

const adminJson = (a: auth.Admin | undefined): Record<string, unknown> => ({
  telegram_id: a?.telegramId ?? 0,
  username: a?.username ?? '',
  phone: a?.phone ?? '',
  role: (a && roleFromProto(a.role)) ?? 'moderator',
  from_env: a?.fromEnv ?? false,
  created_at: a?.createdAt || null,
});

/** 'Adminlar boshqaruvi': superadmins only (moderators get 403). */
@ApiTags('admin: admins')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({ description: '`forbidden`: superadmins only' })
@Roles('superadmin')
@Controller('api/admin/admins')
export class AdminAdminsController {
  constructor(private readonly clients: ServiceClients) {}

  @Get()
  @ApiOperation({ summary: 'Every admin (ADMIN_IDS superadmins marked from_env)' })
  async list(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.listAdmins(
      { caller: callerOf(request) },
      callOptions(request),
    );
    return { status: 'success', admins: res.admins.map(adminJson) };
  }

  @Post('add')
  @ApiOperation({ summary: 'Add an admin (moderator by default)' })
  @ApiZodBody(AddAdminSchema)
  @ApiOkResponse({
    schema: {
      example: { status: 'success', admin: { telegram_id: 605472971, role: 'moderator' } },
    },
  })
  @ApiConflictResponse({ description: '`admin_exists`' })
  async add(
    @ValidBody(AddAdminSchema) body: z.infer<typeof AddAdminSchema>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.addAdmin(
      {
        caller: callerOf(request),
        telegramId: body.telegram_id,
        username: body.username,
        phone: body.phone,
        role: roleToProto(body.role),
      },
      callOptions(request),
    );
    return { status: 'success', admin: adminJson(res.admin) };
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an admin’s role or contact; a demotion ends their sessions' })
  @ApiZodBody(UpdateAdminSchema)
  @ApiNotFoundResponse({ description: '`admin_not_found`' })
  async update(
    @TelegramIdParam('id') telegramId: UserId,
    @ValidBody(UpdateAdminSchema) body: z.infer<typeof UpdateAdminSchema>,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.updateAdmin(
      {
        caller: callerOf(request),
        telegramId,
        ...body,
        role: body.role === undefined ? undefined : roleToProto(body.role),
      },
      callOptions(request),
    );
    return { status: 'success', admin: adminJson(res.admin) };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Remove an admin; their sessions end at once' })
  @ApiNotFoundResponse({ description: '`admin_not_found`' })
  async remove(
    @TelegramIdParam('id') telegramId: UserId,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    await this.clients.auth.removeAdmin(
      { caller: callerOf(request), telegramId },
      callOptions(request),
    );
    return { status: 'success' };
  }
}
