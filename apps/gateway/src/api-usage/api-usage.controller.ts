import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import { keyRotationJson } from '../admin/traffic/admin-traffic.presenter';
import { MyApiKeysUsageRoute } from './api-usage.contract';

type Req = FastifyRequest & AuthenticatedRequest;

export const ApiUsageTelemetry = narrowClient('telemetry', ['getKeyUsage']);

/** A buyer's own API key usage (telemetry-svc hears it from the relay nodes). */
@Controller()
export class ApiUsageController {
  constructor(
    @Inject(ApiUsageTelemetry.token) private readonly telemetry: typeof ApiUsageTelemetry.type,
  ) {}

  @Route(MyApiKeysUsageRoute)
  async usage(
    { query }: RouteInput<typeof MyApiKeysUsageRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof MyApiKeysUsageRoute>> {
    const res = await this.telemetry.getKeyUsage(
      { caller: callerOf(request), telegramId: 0, minutes: query.minutes ?? 1440 },
      callOptions(request),
    );
    return {
      minutes: res.minutes,
      from: res.from,
      to: res.to,
      keys: res.keys.map((k) => keyRotationJson(k)),
    };
  }
}
