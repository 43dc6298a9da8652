import { Module } from '@nestjs/common';

import { FilterAudit, FilterController } from './filter.controller';

@Module({ controllers: [FilterController], providers: [FilterAudit.provider] })
export class FilterModule {}
