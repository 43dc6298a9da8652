import { Module } from '@nestjs/common';

import { PricingController, PricingLedger } from './pricing.controller';

@Module({ controllers: [PricingController], providers: [PricingLedger.provider] })
export class PricingModule {}
