import { AdminAuditEntity, AdminAuditHeadEntity } from './admin-audit/admin-audit.entity';
import { AdminEntity } from './admins/admin.entity';
import { ApiKeyUsageBatchEntity } from './api-keys/api-key-usage-batch.entity';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { AuditLogEntity } from './common/audit-log.entity';
import { SubscriptionHistoryEntity } from './entitlements/subscription-history.entity';
import { SubscriptionModelEntity } from './entitlements/subscription-model.entity';
import { UserSubscriptionEntity } from './entitlements/user-subscription.entity';
import { LoginSessionEntity } from './sessions/login-session.entity';
import { REFERRAL_ENTITIES } from './referrals/referral.entities';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SystemSettingEntity } from './system-settings/system-setting.entity';
import { UserSettingsEntity } from './settings/user-settings.entity';
import { TwoFactorEntity } from './two-factor/two-factor.entity';
import { UserEntity } from './users/user.entity';

// Entities of the auth schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  UserEntity,
  LoginSessionEntity,
  RefreshTokenEntity,
  UserSettingsEntity,
  AuditLogEntity,
  TwoFactorEntity,
  AdminEntity,
  SubscriptionModelEntity,
  UserSubscriptionEntity,
  SubscriptionHistoryEntity,
  ApiKeyEntity,
  ApiKeyUsageBatchEntity,
  ...REFERRAL_ENTITIES,
  SystemSettingEntity,
  AdminAuditEntity,
  AdminAuditHeadEntity,
];
