import { Module } from '@nestjs/common';

import { AdminPromoController, AdminPromoLedger } from './admin-promo.controller';

@Module({ controllers: [AdminPromoController], providers: [AdminPromoLedger.provider] })
export class AdminPromoModule {}
