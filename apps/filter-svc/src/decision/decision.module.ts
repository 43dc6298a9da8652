import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { IpCacheService } from '../cache/ip-cache.service';
import { LimitsModule } from '../limits/limits.module';
import { PolicyModule } from '../policy/policy.module';
import { ReputationModule } from '../reputation/reputation.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { DecisionInternalGrpcController } from './decision-internal.grpc-controller';
import { DecisionGrpcController } from './decision.grpc-controller';
import { DecisionService } from './decision.service';
import { IpIntelService } from './ip-intel.service';

@Module({
  imports: [AuditModule, LimitsModule, PolicyModule, ReputationModule, ReviewsModule],
  controllers: [DecisionGrpcController, DecisionInternalGrpcController],
  providers: [DecisionService, IpIntelService, IpCacheService],
  exports: [DecisionService],
})
export class DecisionModule {}
