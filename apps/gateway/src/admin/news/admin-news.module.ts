import { Module } from '@nestjs/common';

import { AdminNewsController, AdminNewsNotify } from './admin-news.controller';

@Module({ controllers: [AdminNewsController], providers: [AdminNewsNotify.provider] })
export class AdminNewsModule {}
