import { WithdrawsExportIndex1796500000100 } from './1796500000100-withdraws-export-index';
import { Init1795303145571 } from './1795303145571-init';
import { Withdrawals1796400000000 } from './1796400000000-withdrawals';
import { UserFacts1796500000000 } from './1796500000000-user-facts';
// Migrations of the payout schema, oldest first. Generate with:
//   npm run migration:generate -- payout-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1795303145571,
  Withdrawals1796400000000,
  UserFacts1796500000000,
  WithdrawsExportIndex1796500000100,
];
