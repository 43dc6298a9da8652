import { Module } from '@nestjs/common';

import { SessionsModule } from '../sessions/sessions.module';
import { LiveTicker } from './live-ticker';

@Module({ imports: [SessionsModule], providers: [LiveTicker] })
export class LiveModule {}
