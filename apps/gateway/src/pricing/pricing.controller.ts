import { Controller, Get, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { priceJson, toMicro, usd } from '../balance/ledger-json';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { ApiZodBody, ApiZodQuery, ValidBody, ValidQuery } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import {
  HistoryQuerySchema,
  SetPriceSchema,
  type HistoryQueryDto,
  type SetPriceDto,
} from './pricing.dto';

type Req = FastifyRequest & AuthenticatedRequest;

const PRICE_EXAMPLE = {
  date: '2025-11-02',
  price_per_gb: 1.65,
  message: 'Bugungi narx: $1.65/GB (haftalik aksiyada!)',
  change: '+0.15',
};

/** The daily price: today's, its history, and the admin's setting (one row per date). */
@ApiTags('pricing')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@Controller('api')
export class PricingController {
  constructor(private readonly clients: ServiceClients) {}

  @Get('daily_price')
  @ApiOperation({
    summary:
      'Today’s price per GB, the admin’s message and the change vs yesterday (dashboard banner)',
  })
  @ApiOkResponse({ schema: { example: PRICE_EXAMPLE } })
  async daily(@Req() request: Req): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.getDailyPrice({ date: '' }, callOptions(request));
    return priceJson(res.price);
  }

  @Get('pricing/today')
  @ApiOperation({ summary: 'Today’s price (per GB and per MB) with its change' })
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        ...PRICE_EXAMPLE,
        price_per_mb: 0.001611,
        previous_price_per_gb: 1.5,
        currency: 'USD',
      },
    },
  })
  async today(@Req() request: Req): Promise<Record<string, unknown>> {
    const { price } = await this.clients.ledger.getDailyPrice({ date: '' }, callOptions(request));
    const perGb = price?.pricePerGbMicroUsd ?? 0;
    return {
      status: 'success',
      ...priceJson(price),
      price_per_mb: usd(Math.floor(perGb / 1024)),
      previous_price_per_gb: usd(price?.previousPricePerGbMicroUsd ?? 0),
      set_for_date: price?.setForDate ?? false,
      currency: 'USD',
    };
  }

  @Get('daily_price/history')
  @ApiOperation({ summary: 'The price of each of the last 7 or 30 days, oldest first (chart)' })
  @ApiZodQuery(HistoryQuerySchema)
  @ApiOkResponse({
    schema: {
      example: { status: 'success', days: 7, prices: [{ ...PRICE_EXAMPLE, set_for_date: true }] },
    },
  })
  async history(
    @ValidQuery(HistoryQuerySchema) q: HistoryQueryDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const res = await this.clients.ledger.getPriceHistory({ days: q.days }, callOptions(request));
    return {
      status: 'success',
      days: q.days,
      prices: res.prices.map((p) => ({ ...priceJson(p), set_for_date: p.setForDate })),
    };
  }

  @Post('admin/daily_price')
  @HttpCode(200)
  @Roles('superadmin')
  @ApiOperation({
    summary:
      'Set the price of a date (default today, UTC); `push` notifies every user (PriceUpdated event)',
  })
  @ApiZodBody(SetPriceSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        ...PRICE_EXAMPLE,
        push: true,
        updated_at: '2025-11-02T08:00:00.000Z',
      },
    },
  })
  @ApiForbiddenResponse({ description: '`forbidden`: superadmins only' })
  async set(
    @ValidBody(SetPriceSchema) body: SetPriceDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    const micro = toMicro(body.price_per_gb);
    if (micro === undefined) {
      throw new HttpException(
        {
          status: 'error',
          code: 'validation_failed',
          message: 'price_per_gb: at most 6 decimal places',
        },
        400,
      );
    }
    const res = await this.clients.ledger.setDailyPrice(
      {
        caller: callerOf(request),
        date: body.date ?? '',
        pricePerGbMicroUsd: micro,
        message: body.message,
        push: body.push,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      ...priceJson(res.price),
      push: body.push,
      updated_at: res.price?.updatedAt ?? '',
    };
  }
}
