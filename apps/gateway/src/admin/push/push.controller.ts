import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { notify } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../../auth/auth.types';
import { callOptions } from '../../common/call-options';
import { callerOf } from '../../common/caller';
import type { RouteInput, RouteReply } from '../../contract/route-contract';
import { Route } from '../../contract/route.decorator';
import { narrowClient } from '../../grpc-clients/narrow-client';
import { PushJobRoute, SendPushRoute } from './push.contract';

type Req = FastifyRequest & AuthenticatedRequest;

export const PushNotify = narrowClient('notify', ['sendPush', 'getPushJob']);

const PLATFORM = {
  any: notify.Platform.PLATFORM_UNSPECIFIED,
  android: notify.Platform.PLATFORM_ANDROID,
  ios: notify.Platform.PLATFORM_IOS,
  web: notify.Platform.PLATFORM_WEB,
} as const;

/** The admin's push tool (notify-svc sends through FCM). */
@Controller()
export class PushController {
  constructor(@Inject(PushNotify.token) private readonly notify: typeof PushNotify.type) {}

  @Route(SendPushRoute)
  async send(
    { body }: RouteInput<typeof SendPushRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof SendPushRoute>> {
    const res = await this.notify.sendPush(
      {
        caller: callerOf(request),
        title: body.title,
        body: body.body,
        silent: body.silent,
        data: body.data,
        segment: {
          activeDays: body.segment.active_days,
          platform: PLATFORM[body.segment.platform],
          telegramIds: body.segment.telegram_ids,
        },
      },
      callOptions(request),
    );
    if (!res.job) throw new Error('notify-svc answered a push without its job');
    return {
      sent: res.sent,
      failed: res.failed,
      removed_tokens: res.removedTokens,
      job: pushJobJson(res.job),
    };
  }

  @Route(PushJobRoute)
  async job(
    { params }: RouteInput<typeof PushJobRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof PushJobRoute>> {
    const { job } = await this.notify.getPushJob(
      { caller: callerOf(request), id: params.id },
      callOptions(request),
    );
    if (!job) throw new Error('notify-svc answered GetPushJob without its job');
    return { job: pushJobJson(job) };
  }
}

function pushJobJson(job: notify.PushJob): RouteReply<typeof PushJobRoute>['job'] {
  return {
    id: job.id,
    status: job.status as 'running' | 'done' | 'failed',
    sent: job.sent,
    failed: job.failed,
    deleted: job.deleted,
    total: job.total,
    created_at: job.createdAt,
    finished_at: job.finishedAt || null,
  };
}
