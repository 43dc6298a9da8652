import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { DashboardModule } from './dashboard/dashboard.module';
import { LedgerAdminModule } from './ledger-admin/ledger-admin.module';
import { PromoModule } from './promo/promo.module';
import { PricingModule } from './pricing/pricing.module';
import { BalanceModule } from './balance/balance.module';
import { AdminAdminsModule } from './admin-admins/admin-admins.module';
import { AdminApiKeysModule } from './admin-api-keys/admin-api-keys.module';
import { AdminUsersModule } from './admin-users/admin-users.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { RolesGuard } from './common/roles';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { FilterAdminModule } from './filter-admin/filter-admin.module';
import { GrpcClientsModule } from './grpc-clients/grpc-clients.module';
import { HealthModule } from './health/health.module';
import { InfraModule, type GatewayInfra } from './infra/infra.module';
import { LiveModule } from './live/live.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SessionsModule } from './sessions/sessions.module';
import { StatsModule } from './stats/stats.module';
import { TrafficModule } from './traffic/traffic.module';
import { UserModule } from './user/user.module';

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
        AdminUsersModule,
        AdminAdminsModule,
        AdminApiKeysModule,
        FilterAdminModule,
        LiveModule,
        TrafficModule,
        SessionsModule,
        StatsModule,
        BalanceModule,
        PricingModule,
        PromoModule,
        LedgerAdminModule,
        DashboardModule,
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
