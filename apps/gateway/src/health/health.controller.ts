import { Controller, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { LiveRoute, ReadyRoute } from './health.contract';
import { HealthService } from './health.service';

@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Route(LiveRoute)
  live(): RouteReply<typeof LiveRoute> {
    return { status: 'ok' };
  }

  @Route(ReadyRoute)
  async ready(
    _input: RouteInput<typeof ReadyRoute>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RouteReply<typeof ReadyRoute>> {
    const report = await this.health.readiness();
    const down = Object.entries(report.components)
      .filter(([, c]) => c.status === 'down')
      .map(([name]) => name);
    reply.status(down.length > 0 ? 503 : 200);
    return { ...report, down };
  }
}
