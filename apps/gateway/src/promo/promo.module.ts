import { Module } from '@nestjs/common';

import { PromoController } from './promo.controller';

@Module({ controllers: [PromoController] })
export class PromoModule {}
