import { Module } from '@nestjs/common';

import { ApiUsageController, ApiUsageTelemetry } from './api-usage.controller';

@Module({ controllers: [ApiUsageController], providers: [ApiUsageTelemetry.provider] })
export class ApiUsageModule {}
