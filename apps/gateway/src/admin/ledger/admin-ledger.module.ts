import { Module } from '@nestjs/common';

import { AdminLedger, AdminLedgerController } from './admin-ledger.controller';

@Module({ controllers: [AdminLedgerController], providers: [AdminLedger.provider] })
export class AdminLedgerModule {}
