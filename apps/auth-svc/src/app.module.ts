import { Module } from '@nestjs/common';

import { AdminAuditModule } from './admin-audit/admin-audit.module';
import { AdminsModule } from './admins/admins.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { DescribeModule } from './describe/describe.module';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { ProfileModule } from './profile/profile.module';
import { ReferralsModule } from './referrals/referrals.module';
import { SessionsModule } from './sessions/sessions.module';
import { SettingsModule } from './settings/settings.module';
import { TelegramLoginModule } from './telegram-login/telegram-login.module';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { AdminLogsModule } from './admin-logs/admin-logs.module';
import { SystemSettingsModule } from './system-settings/system-settings.module';
import { UsersAdminModule } from './users-admin/users-admin.module';

@Module({
  imports: [
    DescribeModule,
    TelegramLoginModule,
    SessionsModule,
    ProfileModule,
    SettingsModule,
    TwoFactorModule,
    AdminsModule,
    UsersAdminModule,
    EntitlementsModule,
    ApiKeysModule,
    ReferralsModule,
    SystemSettingsModule,
    AdminLogsModule,
    AdminAuditModule,
  ],
})
export class AppModule {}
