import { Module } from '@nestjs/common';

import { TRANSACTIONS } from '../common/transactions.provider';
import { AuditModule } from '../audit/audit.module';
import { ReviewGrants } from './review-grants';
import { ReviewsGauges } from './reviews.gauges';
import { ReviewsGrpcController } from './reviews.grpc-controller';
import { ReviewsRepository } from './reviews.repository';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [AuditModule],
  controllers: [ReviewsGrpcController],
  providers: [TRANSACTIONS, ReviewsRepository, ReviewsService, ReviewGrants, ReviewsGauges],
  exports: [ReviewsService, ReviewGrants],
})
export class ReviewsModule {}
