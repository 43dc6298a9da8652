import { Module } from '@nestjs/common';

import { EntitlementsModule } from '../entitlements/entitlements.module';
import { ProfileController } from './profile.controller';
import { SettingsController } from './settings.controller';

@Module({ imports: [EntitlementsModule], controllers: [ProfileController, SettingsController] })
export class UserModule {}
