import { Module } from '@nestjs/common';

import { AdminApiKeysAuth, AdminApiKeysController } from './admin-api-keys.controller';

@Module({ controllers: [AdminApiKeysController], providers: [AdminApiKeysAuth.provider] })
export class AdminApiKeysModule {}
