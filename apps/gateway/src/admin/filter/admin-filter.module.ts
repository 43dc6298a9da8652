import { Module } from '@nestjs/common';

import { AdminFilterClient, AdminFilterController } from './admin-filter.controller';

@Module({ controllers: [AdminFilterController], providers: [AdminFilterClient.provider] })
export class AdminFilterModule {}
