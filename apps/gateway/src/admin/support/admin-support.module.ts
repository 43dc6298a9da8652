import { Module } from '@nestjs/common';

import { AdminSupportController, AdminSupportNotify } from './admin-support.controller';

@Module({ controllers: [AdminSupportController], providers: [AdminSupportNotify.provider] })
export class AdminSupportModule {}
