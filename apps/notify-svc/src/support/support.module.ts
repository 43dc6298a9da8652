import { Module } from '@nestjs/common';

import { AdminAlerts } from '../admin-alerts/admin-alerts';
import { AdminAlertsRepository } from '../admin-alerts/admin-alerts.repository';
import { NotifyAdminAudit } from '../common/admin-audit';
import { QueueWatch } from '../common/queue-watch';
import { NotificationsModule } from '../notifications/notifications.module';
import { BotDispatcher } from '../telegram/bot-dispatcher';
import { BotGateway } from '../telegram/bot-gateway';
import { BotNotifications } from '../telegram/bot-notifications';
import { BotSettingsService } from '../telegram/bot-settings.service';
import { BotUpdates } from '../telegram/bot-updates';
import { BotRepository } from '../telegram/bot.repository';
import { SupportStorage } from './support-storage';
import { SupportGrpcController } from './support.grpc-controller';
import { SupportRepository } from './support.repository';
import { SupportService } from './support.service';

/** The Telegram bot (queue, dispatcher, updates, admin alerts) and support tickets. */
@Module({
  imports: [NotificationsModule],
  controllers: [SupportGrpcController],
  providers: [
    BotRepository,
    BotGateway,
    BotDispatcher,
    BotNotifications,
    BotUpdates,
    BotSettingsService,
    AdminAlertsRepository,
    AdminAlerts,
    SupportStorage,
    SupportRepository,
    SupportService,
    NotifyAdminAudit,
    QueueWatch,
  ],
})
export class SupportModule {}
