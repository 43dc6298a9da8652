import { Module } from '@nestjs/common';

import { AdminTrafficController, AdminTrafficTelemetry } from './admin-traffic.controller';

@Module({ controllers: [AdminTrafficController], providers: [AdminTrafficTelemetry.provider] })
export class AdminTrafficModule {}
