import { Controller } from '@nestjs/common';

import { notify } from '@trafficshare/contracts';
import { GrpcMethods } from '@trafficshare/grpc';

import { NotifyService } from './notify.service';

/** NotifyService: devices, a user's notifications, admin push (and its jobs). */
@Controller()
@GrpcMethods(notify.NOTIFY_SERVICE_NAME)
export class NotifyGrpcController implements Pick<
  notify.NotifyServiceController,
  'registerDevice' | 'listNotifications' | 'ackNotifications' | 'sendPush' | 'getPushJob'
> {
  constructor(private readonly notify: NotifyService) {}

  registerDevice(req: notify.RegisterDeviceRequest): Promise<notify.RegisterDeviceResponse> {
    return this.notify.register(req);
  }

  listNotifications(
    req: notify.ListNotificationsRequest,
  ): Promise<notify.ListNotificationsResponse> {
    return this.notify.list(req);
  }

  ackNotifications(req: notify.AckNotificationsRequest): Promise<notify.AckNotificationsResponse> {
    return this.notify.ack(req);
  }

  sendPush(req: notify.SendPushRequest): Promise<notify.SendPushResponse> {
    return this.notify.sendPush(req);
  }

  getPushJob(req: notify.GetPushJobRequest): Promise<notify.GetPushJobResponse> {
    return this.notify.getPushJob(req);
  }
}
