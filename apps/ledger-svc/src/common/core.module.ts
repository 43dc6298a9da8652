import { Module } from '@nestjs/common';

import { AccountsRepository } from '../accounts/accounts.repository';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { TransfersRepository } from '../transfers/transfers.repository';
import { TransfersService } from '../transfers/transfers.service';
import { LedgerSql } from './ledger-sql';

/** What every ledger feature shares: accounts, transfers (the only way money moves), the audit trail. */
@Module({
  providers: [
    LedgerSql,
    AccountsRepository,
    TransfersRepository,
    TransfersService,
    LedgerAuditRepository,
  ],
  exports: [
    LedgerSql,
    AccountsRepository,
    TransfersRepository,
    TransfersService,
    LedgerAuditRepository,
  ],
})
export class CoreModule {}
