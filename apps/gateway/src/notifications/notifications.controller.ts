import { Controller, Inject, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

import { notify } from '@trafficshare/contracts';

import type { AuthenticatedRequest } from '../auth/auth.types';
import { callOptions } from '../common/call-options';
import { callerOf } from '../common/caller';
import type { RouteInput, RouteReply } from '../contract/route-contract';
import { Route } from '../contract/route.decorator';
import { narrowClient } from '../grpc-clients/narrow-client';
import {
  AckNotificationsRoute,
  ListNotificationsRoute,
  RegisterDeviceRoute,
} from './notifications.contract';
import { notificationJson } from './notifications.presenter';

type Req = FastifyRequest & AuthenticatedRequest;

export const NotificationsNotify = narrowClient('notify', [
  'registerDevice',
  'listNotifications',
  'ackNotifications',
]);

const PLATFORM = {
  android: notify.Platform.PLATFORM_ANDROID,
  ios: notify.Platform.PLATFORM_IOS,
  web: notify.Platform.PLATFORM_WEB,
} as const;
const ACK = {
  delivered: notify.AckKind.ACK_KIND_DELIVERED,
  opened: notify.AckKind.ACK_KIND_OPENED,
  read: notify.AckKind.ACK_KIND_READ,
} as const;

/** Push devices and the in-app notification list (notify-svc). */
@Controller()
export class NotificationsController {
  constructor(
    @Inject(NotificationsNotify.token) private readonly notify: typeof NotificationsNotify.type,
  ) {}

  @Route(RegisterDeviceRoute)
  async register(
    { body }: RouteInput<typeof RegisterDeviceRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof RegisterDeviceRoute>> {
    const res = await this.notify.registerDevice(
      {
        caller: callerOf(request),
        deviceId: body.device_id,
        fcmToken: body.fcm_token,
        platform: PLATFORM[body.platform],
        notificationsEnabled: body.notifications_enabled,
      },
      callOptions(request),
    );
    return { created: res.created, registered_at: res.registeredAt };
  }

  @Route(ListNotificationsRoute)
  async list(
    { query }: RouteInput<typeof ListNotificationsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof ListNotificationsRoute>> {
    const res = await this.notify.listNotifications(
      {
        caller: callerOf(request),
        limit: query.limit,
        offset: query.offset,
        unreadOnly: query.unread_only === 'true',
      },
      callOptions(request),
    );
    return {
      notifications: res.notifications.map(notificationJson),
      total: res.total,
      unread: res.unread,
    };
  }

  @Route(AckNotificationsRoute)
  async ack(
    { body }: RouteInput<typeof AckNotificationsRoute>,
    @Req() request: Req,
  ): Promise<RouteReply<typeof AckNotificationsRoute>> {
    const res = await this.notify.ackNotifications(
      { caller: callerOf(request), ids: body.ids, kind: ACK[body.status], all: body.all },
      callOptions(request),
    );
    return { updated: res.updated, unread: res.unread };
  }
}
