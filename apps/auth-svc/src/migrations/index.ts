import { Init1795303142433 } from './1795303142433-init';
// Migrations of the auth schema, oldest first. Generate with:
//   npm run migration:generate -- auth-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [Init1795303142433];
