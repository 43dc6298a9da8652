import { Controller, Get, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import type { UserId } from '@trafficshare/identity';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callerInfoOf, subjectOf } from '../common/caller';
import { TelegramIdParam } from '../common/telegram-id.pipe';
import { DashboardService } from './dashboard.service';

type Req = FastifyRequest & AuthenticatedRequest;

const EXAMPLE = {
  status: 'success',
  user: {
    telegram_id: '12345',
    first_name: 'Dilshod',
    username: 'dilshod_uz',
    photo_url: 'https://t.me/i/userpic.jpg',
    auth_date: '2025-11-02T10:14:00.000Z',
  },
  balance: { usd: 5.7, converted_usdt: 5.13, converted_uzs: 71820, held_usd: 0 },
  traffic: {
    period: 'today',
    sent_mb: 4000,
    used_mb: 3300,
    remaining_mb: 700,
    progress_percent: 82.5,
  },
  pricing: {
    date: '2025-11-02',
    price_per_gb: 1.65,
    change: '+0.15',
    message: 'Bugungi narx: $1.65/GB',
  },
  mini_stats: {
    today_usd: 0.48,
    week_usd: 3.1,
    avg7_usd: 0.442857,
    today_mb: 300,
    week_mb: 1900,
    sessions_today: 2,
    sessions_week: 9,
  },
  active_session: {
    session_id: 'sess_…',
    started_at: '2025-11-02T10:00:00.000Z',
    duration_s: 600,
    used_mb: 120.5,
    current_speed_mb_s: 0.4,
    network_type: 'wifi',
  },
  degraded: [],
};

@ApiTags('dashboard')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or bad token' })
@Controller('api/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({
    summary:
      'The caller’s dashboard in one response; `degraded` lists parts whose service did not answer',
  })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  mine(@Req() request: Req): Promise<Record<string, unknown>> {
    return this.dashboard.build(callerInfoOf(request).telegramId, request);
  }

  @Get(':telegram_id')
  @ApiOperation({ summary: 'A user’s dashboard (self, or any user for an admin)' })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiForbiddenResponse({ description: '`forbidden`: another user’s dashboard' })
  of(@TelegramIdParam() telegramId: UserId, @Req() request: Req): Promise<Record<string, unknown>> {
    subjectOf(request, telegramId);
    return this.dashboard.build(telegramId, request);
  }
}
