import { Init1795303145571 } from './1795303145571-init';
// Migrations of the payout schema, oldest first. Generate with:
//   npm run migration:generate -- payout-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303145571];
