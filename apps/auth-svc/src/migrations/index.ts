import { LoginRevocation1796401090196 } from './1796401090196-login-revocation';
import { SeedSubscriptionModels1795303501972 } from './1795303501972-seed-subscription-models';
import { Identity1795303501971 } from './1795303501971-identity';
import { Init1795303142433 } from './1795303142433-init';
// Migrations of the auth schema, oldest first. Generate with:
//   npm run migration:generate -- auth-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1795303142433,
  Identity1795303501971,
  SeedSubscriptionModels1795303501972,
  LoginRevocation1796401090196,
];
