import { Controller, Get, HttpCode, HttpException, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { ledger } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { toMicro, usd } from '../balance/ledger-json';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { RateLimit } from '../rate-limit/rate-limit.decorator';
import {
  ActivateSchema,
  AdminListSchema,
  CreatePromoSchema,
  type ActivateDto,
  type AdminListDto,
  type CreatePromoDto,
} from './promo.dto';

type Req = FastifyRequest & AuthenticatedRequest;

function promoJson(p: ledger.PromoCode | undefined): Record<string, unknown> {
  return {
    code: p?.code ?? '',
    bonus_percent: (p?.bonusBasisPoints ?? 0) / 100,
    expires_at: p?.expiresAt || null,
    is_active: p?.isActive ?? false,
    max_bonus_usd: p?.maxBonusMicroUsd ? usd(p.maxBonusMicroUsd) : null,
  };
}

const PROMO_EXAMPLE = {
  code: 'TRAFIC10',
  bonus_percent: 10,
  expires_at: '2025-11-15T00:00:00.000Z',
  is_active: true,
  max_bonus_usd: null,
};

/**
 * Promo codes. The bonus is `bonus_percent` of the user's available balance at activation
 * (rounded down to the micro-USD, capped by `max_bonus_usd`), credited through the ledger.
 */
@ApiTags('promo')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@Controller('api')
export class PromoController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('promo/list')
  @ApiOperation({ summary: 'Active, unexpired promo codes' })
  @ApiOkResponse({ schema: { example: { status: 'success', promo: [PROMO_EXAMPLE] } } })
  async list(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.listPromoCodes(
      { caller: callerOf(request), includeInactive: false, limit: 100, offset: 0 },
      callOptions(request),
    );
    return { status: 'success', promo: res.promos.map(promoJson) };
  }

  @Post('promo/activate')
  @HttpCode(200)
  @RateLimit({ name: 'promo_activate', points: 5, windowS: 60, by: 'user' })
  @ApiOperation({
    summary: 'Activate a code once: bonus_percent of the available balance is credited',
  })
  @ApiZodBody(ActivateSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        code: 'TRAFIC10',
        bonus_usd: 1.254,
        base_usd: 12.54,
        new_balance_usd: 13.794,
        transfer_id: 'promo:1:5234',
      },
    },
  })
  @ApiNotFoundResponse({ description: '`promo_not_found`' })
  @ApiConflictResponse({ description: '`promo_already_activated`' })
  @ApiUnprocessableEntityResponse({
    description: '`promo_inactive`, `promo_expired`, `promo_no_balance`',
  })
  @ApiTooManyRequestsResponse({ description: '`rate_limited` (5 per minute)' })
  async activate(
    @ValidBody(ActivateSchema) body: ActivateDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    if (body.telegram_id !== undefined && String(body.telegram_id) !== request.user.sub) {
      throw new HttpException(
        { status: 'error', code: 'forbidden', message: 'You can only activate codes for yourself' },
        403,
      );
    }
    const res = await this.clients.ledger.activatePromoCode(
      { caller: callerOf(request), code: body.code },
      callOptions(request),
    );
    return {
      status: 'success',
      code: res.code,
      bonus_usd: usd(res.bonusMicroUsd),
      base_usd: usd(res.baseMicroUsd),
      new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
      transfer_id: res.transferId,
    };
  }

  @Post('admin/promo')
  @Roles('superadmin')
  @ApiOperation({ summary: 'Create a promo code' })
  @ApiZodBody(CreatePromoSchema)
  @ApiOkResponse({ schema: { example: { status: 'success', promo: PROMO_EXAMPLE } } })
  @ApiConflictResponse({ description: '`promo_code_exists`' })
  @ApiForbiddenResponse({ description: 'superadmins only' })
  async create(
    @ValidBody(CreatePromoSchema) body: CreatePromoDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const bp = Math.round(body.bonus_percent * 100);
    const maxBonus = body.max_bonus_usd === undefined ? 0 : toMicro(body.max_bonus_usd);
    if (Math.abs(bp - body.bonus_percent * 100) > 1e-6 || maxBonus === undefined) {
      throw new HttpException(
        {
          status: 'error',
          code: 'validation_failed',
          message: 'bonus_percent: 2 decimals at most; max_bonus_usd: 6 at most',
        },
        400,
      );
    }
    const expiresAt = body.expires_at ? new Date(body.expires_at).toISOString() : '';
    const res = await this.clients.ledger.createPromoCode(
      {
        caller: callerOf(request),
        code: body.code,
        bonusBasisPoints: bp,
        expiresAt,
        maxBonusMicroUsd: maxBonus,
      },
      callOptions(request),
    );
    return { status: 'success', promo: promoJson(res.promo) };
  }

  @Get('admin/promo')
  @Roles('superadmin')
  @ApiOperation({ summary: 'Every promo code with its activations' })
  @ApiZodQuery(AdminListSchema)
  @ApiForbiddenResponse({ description: 'superadmins only' })
  async adminList(
    @ValidQuery(AdminListSchema) q: AdminListDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.listPromoCodes(
      {
        caller: callerOf(request),
        includeInactive: q.include_inactive === 'true',
        limit: q.limit,
        offset: q.offset,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      promo: res.promos.map((p) => ({
        ...promoJson(p),
        activations: p.activations,
        created_at: p.createdAt,
      })),
    };
  }

  @Patch('admin/promo/:code/deactivate')
  @Roles('superadmin')
  @ApiOperation({ summary: 'Deactivate a promo code (idempotent)' })
  @ApiNotFoundResponse({ description: '`promo_not_found`' })
  @ApiForbiddenResponse({ description: 'superadmins only' })
  async deactivate(
    @Param('code') code: string,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.deactivatePromoCode(
      { caller: callerOf(request), code },
      callOptions(request),
    );
    return { status: 'success', promo: promoJson(res.promo) };
  }
}
