import { FilterCore1795303844331 } from './1795303844331-filter-core';
import { Init1795303144037 } from './1795303144037-init';
// Migrations of the filter schema, oldest first. Generate with:
//   npm run migration:generate -- filter-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303144037, FilterCore1795303844331];
