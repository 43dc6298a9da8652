import { Init1795303146311 } from './1795303146311-init';
// Migrations of the notify schema, oldest first. Generate with:
//   npm run migration:generate -- notify-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303146311];
