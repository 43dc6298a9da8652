import { Module } from '@nestjs/common';

import { AdminPricesController, AdminPricesLedger } from './admin-prices.controller';

@Module({ controllers: [AdminPricesController], providers: [AdminPricesLedger.provider] })
export class AdminPricesModule {}
