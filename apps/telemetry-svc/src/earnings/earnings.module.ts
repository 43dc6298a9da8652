import { Module } from '@nestjs/common';

import { EarningsRepository } from './earnings.repository';
import { IncomeConsumer } from './income-consumer';

@Module({ providers: [EarningsRepository, IncomeConsumer], exports: [EarningsRepository] })
export class EarningsModule {}
