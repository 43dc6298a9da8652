import { Module } from '@nestjs/common';

import { AdminLogsController, LogsAuth } from './admin-logs.controller';

@Module({ controllers: [AdminLogsController], providers: [LogsAuth.provider] })
export class AdminLogsModule {}
