import { Module } from '@nestjs/common';

import { EntitlementsModule } from '../entitlements/entitlements.module';
import { ProfileAuth, ProfileController } from './profile.controller';
import { SettingsAuth, SettingsController } from './settings.controller';

@Module({
  imports: [EntitlementsModule],
  controllers: [ProfileController, SettingsController],
  providers: [ProfileAuth.provider, SettingsAuth.provider],
})
export class UserModule {}
