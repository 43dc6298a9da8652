import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { register } from 'prom-client';

import { OPS_PATHS } from '@trafficshare/config';

import { Public } from '../common/public.decorator';
import { SkipRateLimit } from '../rate-limit/rate-limit.decorator';

@SkipRateLimit()
@Controller()
export class MetricsController {
  @Public()
  @Get(OPS_PATHS.metrics)
  @ApiExcludeEndpoint()
  @Header('cache-control', 'no-store')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', register.contentType);
    return register.metrics();
  }
}
