import { Module } from '@nestjs/common';

import { PushController, PushNotify } from './push.controller';

@Module({ controllers: [PushController], providers: [PushNotify.provider] })
export class AdminPushModule {}
