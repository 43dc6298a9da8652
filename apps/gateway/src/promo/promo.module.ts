import { Module } from '@nestjs/common';

import { PromoController, PromoLedger } from './promo.controller';

@Module({ controllers: [PromoController], providers: [PromoLedger.provider] })
export class PromoModule {}
