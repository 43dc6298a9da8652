import { randomUUID } from 'node:crypto';

import { Controller, Get, HttpCode, HttpException, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { ledger } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { toMicro, transactionJson, usd } from '../balance/ledger-json';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import { Roles } from '../common/roles';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { ApiZodBody, ValidBody, z } from '../common/zod';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';

type Req = FastifyRequest & AuthenticatedRequest;

const AdjustSchema = z
  .object({
    amount_usd: z.number().refine((v) => v !== 0, 'must not be 0'),
    note: z.string().trim().min(3).max(500),
    idempotency_key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/)
      .optional(),
  })
  .strict();
type AdjustDto = z.infer<typeof AdjustSchema>;

const AddSchema = z
  .object({
    telegram_id: z.number().int().positive(),
    amount_usd: z.number().positive(),
    note: z.string().trim().min(3).max(500),
    idempotency_key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/)
      .optional(),
  })
  .strict();
type AddDto = z.infer<typeof AddSchema>;

/** Admin money tools: manual add/adjust (mandatory note, audited) and the ledger's own check. */
@ApiTags('admin: ledger')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@ApiForbiddenResponse({ description: '`forbidden`: not an admin' })
@Controller('api/admin')
export class LedgerAdminController {
  constructor(private readonly clients: ServiceClients) {}

  @Patch('users/:telegram_id/adjust_balance')
  @Roles('superadmin')
  @ApiOperation({
    summary:
      'Add (positive) or deduct (negative) USD with a mandatory note; audited; never below zero',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the original',
  })
  @ApiZodBody(AdjustSchema)
  @ApiOkResponse({
    schema: {
      example: {
        status: 'success',
        transaction: { id: 'adj:…', type: 'adjustment', amount_usd: 2.5 },
        new_balance_usd: 14.04,
      },
    },
  })
  @ApiBadRequestResponse({ description: '`insufficient_balance`, `validation_failed`' })
  adjust(
    @TelegramIdParam() telegramId: UserId,
    @ValidBody(AdjustSchema) body: AdjustDto,
    @Req() request: Req,
  ): Promise<Record<string, unknown>> {
    return this.apply(telegramId, body.amount_usd, body.note, body.idempotency_key, request);
  }

  @Post('balance/add')
  @HttpCode(200)
  @Roles('superadmin')
  @ApiOperation({ summary: 'Add USD to a user’s balance with a mandatory note; audited' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiZodBody(AddSchema)
  add(@ValidBody(AddSchema) body: AddDto, @Req() request: Req): Promise<Record<string, unknown>> {
    return this.apply(body.telegram_id, body.amount_usd, body.note, body.idempotency_key, request);
  }

  @Get('ledger/check')
  @Roles('superadmin', 'moderator')
  @ApiOperation({
    summary: 'The ledger’s invariants recomputed from its rows: balanced = every check passed',
  })
  @ApiOkResponse({
    schema: {
      example: {
        balanced: true,
        negative_balances: 0,
        total_usd: 0,
        entries_sum_usd: 0,
        unbalanced_transfers: 0,
        mismatched_accounts: 0,
        held_mismatches: 0,
        accounts: 12,
        transfers: 340,
        pending_holds: 1,
        user_available_usd: 120.5,
        user_held_usd: 5,
        checked_at: '2025-11-02T11:00:00.000Z',
      },
    },
  })
  async check(@Req() request: Req): Promise<Record<string, unknown>> {
    const c: ledger.CheckLedgerResponse = await this.clients.ledger.checkLedger(
      { caller: callerOf(request) },
      callOptions(request, 60_000),
    );
    return {
      balanced: c.balanced,
      negative_balances: c.negativeBalances,
      total_usd: usd(c.totalMicroUsd),
      entries_sum_usd: usd(c.entriesSumMicroUsd),
      unbalanced_transfers: c.unbalancedTransfers,
      mismatched_accounts: c.mismatchedAccounts,
      held_mismatches: c.heldMismatches,
      accounts: c.accounts,
      transfers: c.transfers,
      pending_holds: c.pendingHolds,
      user_available_usd: usd(c.userAvailableMicroUsd),
      user_held_usd: usd(c.userHeldMicroUsd),
      checked_at: c.checkedAt,
    };
  }

  private async apply(
    telegramId: number,
    amountUsd: number,
    note: string,
    key: string | undefined,
    request: Req,
  ): Promise<Record<string, unknown>> {
    const micro = toMicro(amountUsd);
    if (micro === undefined) {
      throw new HttpException(
        {
          status: 'error',
          code: 'validation_failed',
          message: 'amount_usd: at most 6 decimal places',
        },
        400,
      );
    }
    const header = request.headers['idempotency-key'];
    const idempotency =
      key ??
      (typeof header === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(header) ? header : randomUUID());
    const res = await this.clients.ledger.adjustBalance(
      {
        caller: callerOf(request),
        transferId: `adj:${idempotency}`,
        telegramId,
        amountMicroUsd: micro,
        note,
      },
      callOptions(request),
    );
    return {
      status: 'success',
      transaction: res.transfer ? transactionJson(res.transfer) : null,
      duplicate: res.duplicate,
      new_balance_usd: usd(res.balance?.availableMicroUsd ?? 0),
    };
  }
}
