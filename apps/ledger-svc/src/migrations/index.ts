import { Init1795303144806 } from './1795303144806-init';
import { LedgerCore1795304060567 } from './1795304060567-ledger-core';
import { LedgerInvariants1795304060568 } from './1795304060568-ledger-invariants';
// Migrations of the ledger schema, oldest first. Generate with:
//   npm run migration:generate -- ledger-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303144806, LedgerCore1795304060567, LedgerInvariants1795304060568];
