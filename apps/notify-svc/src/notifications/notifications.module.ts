import { Module } from '@nestjs/common';

import { NotifyAdminAudit } from '../common/admin-audit';
import { DevicesRepository } from '../devices/devices.repository';
import { PushDispatcher } from '../push/push-dispatcher';
import { PushGateway } from '../push/push-gateway';
import { PushJobs } from '../push/push-jobs';
import { RecipientsRepository } from '../recipients/recipients.repository';
import { NotificationsRepository } from './notifications.repository';
import { NotifyGrpcController } from './notify.grpc-controller';
import { NotifyService } from './notify.service';

@Module({
  controllers: [NotifyGrpcController],
  providers: [
    DevicesRepository,
    NotificationsRepository,
    RecipientsRepository,
    PushGateway,
    PushDispatcher,
    PushJobs,
    NotifyService,
    NotifyAdminAudit,
  ],
  exports: [NotificationsRepository, RecipientsRepository],
})
export class NotificationsModule {}
