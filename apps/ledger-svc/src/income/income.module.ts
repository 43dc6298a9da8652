import { Module } from '@nestjs/common';

import { CoreModule } from '../common/core.module';
import { PricingModule } from '../pricing/pricing.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { IncomeCrediterService } from './income-crediter.service';
import { IncomeConsumer } from './income.consumer';
import { IncomeRepository } from './income.repository';
import { ReconciliationRepository } from './reconciliation.repository';
import { ReconciliationService } from './reconciliation.service';

@Module({
  imports: [CoreModule, PricingModule, ReferralsModule],
  providers: [
    IncomeRepository,
    ReconciliationRepository,
    IncomeCrediterService,
    IncomeConsumer,
    ReconciliationService,
  ],
  exports: [IncomeRepository, ReconciliationService],
})
export class IncomeModule {}
