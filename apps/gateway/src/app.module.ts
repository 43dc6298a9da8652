import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AdminConsoleModule } from './admin/console.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { AdminLedgerModule } from './admin/ledger/admin-ledger.module';
import { PromoModule } from './promo/promo.module';
import { AdminPromoModule } from './admin/promo/admin-promo.module';
import { AdminPricesModule } from './admin/prices/admin-prices.module';
import { PricingModule } from './pricing/pricing.module';
import { BalanceModule } from './balance/balance.module';
import { AdminAdminsModule } from './admin/admins/admin-admins.module';
import { AdminApiKeysModule } from './admin/api-keys/admin-api-keys.module';
import { AdminUsersModule } from './admin/users/admin-users.module';
import { AdminReferralsModule } from './admin/referrals/admin-referrals.module';
import { ReferralsModule } from './referrals/referrals.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { RolesGuard } from './common/roles';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { AdminFilterModule } from './admin/filter/admin-filter.module';
import { FilterModule } from './filter/filter.module';
import { GrpcClientsModule } from './grpc-clients/grpc-clients.module';
import { HealthModule } from './health/health.module';
import { InfraModule, type GatewayInfra } from './infra/infra.module';
import { AdminPushModule } from './admin/push/push.module';
import { LiveModule } from './live/live.module';
import { NewsModule } from './news/news.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SessionsModule } from './sessions/sessions.module';
import { StatsModule } from './stats/stats.module';
import { TrafficModule } from './traffic/traffic.module';
import { UserModule } from './user/user.module';
import { WebModule } from './web/web.module';
import { SupportModule } from './support/support.module';
import { TelegramBotModule } from './telegram-bot/telegram-bot.module';
import { WithdrawModule } from './withdraw/withdraw.module';
import { AdminWithdrawsModule } from './admin/withdraws/admin-withdraws.module';
import { ApiUsageModule } from './api-usage/api-usage.module';

@Module({})
export class AppModule {
  static forInfra(infra: GatewayInfra): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forInfra(infra),
        GrpcClientsModule,
        RateLimitModule,
        HealthModule,
        AuthModule,
        EntitlementsModule,
        UserModule,
        WithdrawModule,
        AdminWithdrawsModule,
        ApiUsageModule,
        AdminUsersModule,
        ReferralsModule,
        AdminReferralsModule,
        AdminAdminsModule,
        AdminApiKeysModule,
        AdminFilterModule,
        FilterModule,
        LiveModule,
        NotificationsModule,
        NewsModule,
        AdminPushModule,
        SupportModule,
        TelegramBotModule,
        TrafficModule,
        SessionsModule,
        StatsModule,
        BalanceModule,
        PricingModule,
        PromoModule,
        AdminPromoModule,
        AdminPricesModule,
        AdminLedgerModule,
        DashboardModule,
        AdminConsoleModule,
        WebModule,
      ],
      // Order matters: authenticate, check the role, then rate-limit per user.
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
    };
  }
}
