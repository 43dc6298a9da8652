import { SystemSettings1796421451939 } from './1796421451939-system-settings';
import { AdminAuditChain1796500000200 } from './1796500000200-admin-audit-chain';
import { UsersExportIndex1796500000100 } from './1796500000100-users-export-index';
import { RelayApiKeyUsage1796412359691 } from './1796412359691-relay-api-key-usage';
import { Referrals1796414000000 } from './1796414000000-referrals';
import { ReferralStartDevices1796414000001 } from './1796414000001-referral-start-devices';
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
  RelayApiKeyUsage1796412359691,
  Referrals1796414000000,
  ReferralStartDevices1796414000001,
  SystemSettings1796421451939,
  UsersExportIndex1796500000100,
  AdminAuditChain1796500000200,
];
