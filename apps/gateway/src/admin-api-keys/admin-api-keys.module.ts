import { Module } from '@nestjs/common';

import { AdminApiKeysController } from './admin-api-keys.controller';

@Module({ controllers: [AdminApiKeysController] })
export class AdminApiKeysModule {}
