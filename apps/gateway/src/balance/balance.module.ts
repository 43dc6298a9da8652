import { Module } from '@nestjs/common';

import { BalanceController, BalanceLedger } from './balance.controller';

@Module({ controllers: [BalanceController], providers: [BalanceLedger.provider] })
export class BalanceModule {}
