import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SettingsModule } from '../settings/settings.module';
import { TelegramLoginGrpcController } from './telegram-login.grpc-controller';
import { TelegramLoginService } from './telegram-login.service';

@Module({
  imports: [CoreModule, SessionsModule, SettingsModule, EntitlementsModule, ReferralsModule],
  controllers: [TelegramLoginGrpcController],
  providers: [TelegramLoginService],
})
export class TelegramLoginModule {}
