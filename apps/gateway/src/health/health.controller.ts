import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { OPS_PATHS } from '@trafficshare/config';

import { Public } from '../common/public.decorator';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorator';
import { HealthService } from './health.service';

@ApiTags('ops')
@SkipRateLimit()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get(OPS_PATHS.live)
  @ApiOkResponse({
    description: 'The gateway process is alive',
    schema: { example: { status: 'ok' } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get(OPS_PATHS.ready)
  @ApiOkResponse({ description: 'Every service, Postgres, Redis and NATS answer' })
  @ApiServiceUnavailableResponse({
    description: 'Something is down; `down` names it and `components` has details',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const report = await this.health.readiness();
    const down = Object.entries(report.components)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    reply.status(down.length > 0 ? 503 : 200);
    return { ...report, down };
  }
}
