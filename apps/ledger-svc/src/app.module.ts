import { Module } from '@nestjs/common';

import { BalanceModule } from './balance/balance.module';
import { DescribeModule } from './describe/describe.module';
import { IncomeModule } from './income/income.module';
import { LedgerAdminModule } from './ledger-admin/ledger-admin.module';
import { PricingModule } from './pricing/pricing.module';
import { PromoModule } from './promo/promo.module';
import { ReferralsModule } from './referrals/referrals.module';
import { TransfersModule } from './transfers/transfers.module';

@Module({
  imports: [
    DescribeModule,
    TransfersModule,
    BalanceModule,
    PricingModule,
    IncomeModule,
    PromoModule,
    LedgerAdminModule,
    ReferralsModule,
  ],
})
export class AppModule {}
