import { Module } from '@nestjs/common';

import { AccountsRepository } from '../accounts/accounts.repository';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { TransfersRepository } from '../transfers/transfers.repository';
import { TransfersService } from '../transfers/transfers.service';
import { LedgerSql } from './ledger-sql';
import { LedgerTransactions } from './ledger-transactions';

/**
 * What every ledger feature shares: the one transaction helper, accounts, transfers (the only way
 * money moves), the audit trail.
 */
@Module({
  providers: [
    LedgerSql,
    LedgerTransactions,
    AccountsRepository,
    TransfersRepository,
    TransfersService,
    LedgerAuditRepository,
  ],
  exports: [
    LedgerSql,
    LedgerTransactions,
    AccountsRepository,
    TransfersRepository,
    TransfersService,
    LedgerAuditRepository,
  ],
})
export class CoreModule {}
