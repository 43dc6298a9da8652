import { Module } from '@nestjs/common';

import { LedgerAdminController } from './ledger-admin.controller';

@Module({ controllers: [LedgerAdminController] })
export class LedgerAdminModule {}
