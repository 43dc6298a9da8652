import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
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

import type { auth } from '@trafficshare/contracts';
import { roleFromProto, type UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { ApiZodBody, ApiZodQuery, ValidQuery, ZodPipe } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { loginRecordJson } from '../user/user-responses';
import {
  BanSchema,
  UsersQuerySchema,
  type BanDto,
  type UsersQueryDto,
} from './dto/admin-users.dto';

type Req = FastifyRequest & AuthenticatedRequest;

export function userSummaryJson(u: auth.UserSummary | undefined): Record<string, unknown> {
  return {
    telegram_id: u?.telegramId ?? 0,
    username: u?.username ?? '',
    first_name: u?.firstName ?? '',
    role: (u && roleFromProto(u.role)) ?? 'user',
    status: u?.banned ? 'banned' : 'active',
    ban_reason: u?.banReason || null,
    last_login: u?.lastLogin || null,
    last_login_device: u?.lastLoginDevice ?? '',
    created_at: u?.createdAt ?? '',
  };
}

/** Admin 'Users Management' (superadmins and moderators). */
@ApiTags('admin: users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({
  description: '`forbidden`: not an admin, or a moderator acting on an admin',
})
@Roles('superadmin', 'moderator')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly clients: ServiceClients) {}

  @Get()
  @ApiOperation({ summary: 'List users; `query` = username prefix or telegram id' })
  @ApiZodQuery(UsersQuerySchema)
  async list(
    @ValidQuery(UsersQuerySchema) q: UsersQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.listUsers(
      { caller: callerOf(request), query: q.query, limit: q.limit, offset: q.offset },
      callOptions(request),
    );
    return {
      status: 'success',
      users: res.users.map(userSummaryJson),
      total: res.total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  @Patch(':telegram_id/ban')
  @ApiOperation({ summary: 'Ban a user: every session ends at once, logins are refused' })
  @ApiZodBody(BanSchema)
  @ApiOkResponse({
    schema: { example: { status: 'success', user: { telegram_id: 1, status: 'banned' } } },
  })
  @ApiNotFoundResponse({ description: '`user_not_found`' })
  async ban(
    @TelegramIdParam() telegramId: UserId,
    @Body(new ZodPipe(BanSchema)) body: BanDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.banUser(
      { caller: callerOf(request), telegramId, reason: body.reason },
      callOptions(request),
    );
    return { status: 'success', user: userSummaryJson(res.user) };
  }

  @Patch(':telegram_id/unban')
  @ApiOperation({ summary: 'Lift a ban' })
  @ApiNotFoundResponse({ description: '`user_not_found`' })
  async unban(
    @TelegramIdParam() telegramId: UserId,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.unbanUser(
      { caller: callerOf(request), telegramId },
      callOptions(request),
    );
    return { status: 'success', user: userSummaryJson(res.user) };
  }

  @Post(':telegram_id/reset_token')
  @HttpCode(200)
  @ApiOperation({ summary: 'End every session of the user (their tokens stop working at once)' })
  @ApiOkResponse({ schema: { example: { status: 'success', revoked: 2 } } })
  async resetToken(
    @TelegramIdParam() telegramId: UserId,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.resetUserToken(
      { caller: callerOf(request), telegramId },
      callOptions(request),
    );
    return { status: 'success', revoked: res.revoked };
  }

  @Get(':telegram_id/sessions')
  @ApiOperation({ summary: 'The user’s login sessions, newest first' })
  async sessions(
    @TelegramIdParam() telegramId: UserId,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.auth.listUserSessions(
      { caller: callerOf(request), telegramId },
      callOptions(request),
    );
    return {
      status: 'success',
      sessions: res.sessions.map((s) => ({ session_id: s.sessionId, ...loginRecordJson(s) })),
    };
  }
}
