import { AccountEntity } from './accounts/account.entity';
import { EntryEntity } from './accounts/entry.entity';
import { BalanceRefreshEntity } from './balance/balance-refresh.entity';
import { CreditedReportEntity } from './income/credited-report.entity';
import { IncomeRemainderEntity } from './income/income-remainder.entity';
import { ReconciliationCursorEntity } from './income/reconciliation-cursor.entity';
import { UserDailyEarningEntity } from './income/user-daily-earning.entity';
import { LedgerAuditEntity } from './ledger-admin/ledger-audit.entity';
import { DailyPriceEntity } from './pricing/daily-price.entity';
import { PriceRevisionEntity } from './pricing/price-revision.entity';
import { PromoActivationEntity } from './promo/promo-activation.entity';
import { PromoCodeEntity } from './promo/promo-code.entity';
import { REFERRAL_ENTITIES } from './referrals/referral.entities';
import { TransferEntity } from './transfers/transfer.entity';

// Entities of the ledger schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  AccountEntity,
  EntryEntity,
  TransferEntity,
  DailyPriceEntity,
  PriceRevisionEntity,
  CreditedReportEntity,
  IncomeRemainderEntity,
  UserDailyEarningEntity,
  ReconciliationCursorEntity,
  PromoCodeEntity,
  PromoActivationEntity,
  LedgerAuditEntity,
  BalanceRefreshEntity,
  ...REFERRAL_ENTITIES,
];
