import { Module } from '@nestjs/common';

import { SessionsController, SessionsTelemetry } from './sessions.controller';

@Module({ controllers: [SessionsController], providers: [SessionsTelemetry.provider] })
export class SessionsModule {}
