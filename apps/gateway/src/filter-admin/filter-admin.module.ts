import { Module } from '@nestjs/common';

import { FilterAdminController } from './filter-admin.controller';

@Module({ controllers: [FilterAdminController] })
export class FilterAdminModule {}
