import { Init1795303144806 } from './1795303144806-init';
// Migrations of the ledger schema, oldest first. Generate with:
//   npm run migration:generate -- ledger-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303144806];
