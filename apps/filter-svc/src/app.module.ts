import { Module } from '@nestjs/common';

import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { DecisionModule } from './decision/decision.module';
import { DescribeModule } from './describe/describe.module';
import { PolicyModule } from './policy/policy.module';
import { ReviewsModule } from './reviews/reviews.module';
import { WhitelistModule } from './whitelist/whitelist.module';

@Module({
  imports: [
    DescribeModule,
    AlertsModule,
    PolicyModule,
    AuditModule,
    ReviewsModule,
    DecisionModule,
    WhitelistModule,
  ],
})
export class AppModule {}
