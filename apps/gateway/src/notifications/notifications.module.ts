import { Module } from '@nestjs/common';

import { NotificationsController, NotificationsNotify } from './notifications.controller';

@Module({ controllers: [NotificationsController], providers: [NotificationsNotify.provider] })
export class NotificationsModule {}
