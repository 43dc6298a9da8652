import { Module } from '@nestjs/common';

import { StatsController, StatsTelemetry } from './stats.controller';

@Module({ controllers: [StatsController], providers: [StatsTelemetry.provider] })
export class StatsModule {}
