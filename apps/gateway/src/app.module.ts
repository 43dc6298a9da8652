import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthGuard } from './auth/auth.guard';
import { RolesGuard } from './common/roles';
import { GrpcClientsModule } from './grpc-clients/grpc-clients.module';
import { HealthModule } from './health/health.module';
import { InfraModule, type GatewayInfra } from './infra/infra.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';

@Module({})
export class AppModule {
  static forInfra(infra: GatewayInfra): DynamicModule {
    return {
      module: AppModule,
      imports: [InfraModule.forInfra(infra), GrpcClientsModule, RateLimitModule, HealthModule, MetricsModule],
      // Order matters: authenticate, check the role, then rate-limit per user.
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
      ],
    };
  }
}
