import { AdminTotalsIndexes1796500000300 } from './1796500000300-admin-totals-indexes';
import { TransfersCreatedIndex1796415011178 } from './1796415011178-transfers-created-index';
import { Referrals1796410907597 } from './1796410907597-referrals';
import { LeanerIncomeIndexes1795305945102 } from './1795305945102-leaner-income-indexes';
import { Init1795303144806 } from './1795303144806-init';
import { LedgerCore1795304060567 } from './1795304060567-ledger-core';
import { LedgerInvariants1795304060568 } from './1795304060568-ledger-invariants';
import { LedgerBatchApply1795304400000 } from './1795304400000-ledger-batch-apply';
import { TrafficExpenseShards1795304400001 } from './1795304400001-traffic-expense-shards';
// Migrations of the ledger schema, oldest first. Generate with:
//   npm run migration:generate -- ledger-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1795303144806,
  LedgerCore1795304060567,
  LedgerInvariants1795304060568,
  LedgerBatchApply1795304400000,
  TrafficExpenseShards1795304400001,
  LeanerIncomeIndexes1795305945102,
  Referrals1796410907597,
  TransfersCreatedIndex1796415011178,
  AdminTotalsIndexes1796500000300,
];
