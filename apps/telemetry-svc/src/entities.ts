import { DailyPriceEntity } from './earnings/daily-price.entity';
import { UserDailyEarningEntity } from './earnings/user-daily-earning.entity';
import { ReconciliationMismatchEntity } from './reconciliation/reconciliation-mismatch.entity';
import { RelayKeyExitEntity, RelayNodeEntity } from './relay/relay-pool.entity';
import { RelayBatchEntity, RelayedTrafficEntity } from './relay/relayed-traffic.entity';
import { SessionReportEntity } from './reports/session-report.entity';
import { TrafficSessionEntity } from './sessions/traffic-session.entity';
import { UserDailyTrafficEntity } from './stats/user-daily-traffic.entity';

// Entities of the telemetry schema; the outbox and inbox tables are added by the service kit.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  TrafficSessionEntity,
  SessionReportEntity,
  ReconciliationMismatchEntity,
  UserDailyTrafficEntity,
  UserDailyEarningEntity,
  DailyPriceEntity,
  RelayedTrafficEntity,
  RelayBatchEntity,
  RelayNodeEntity,
  RelayKeyExitEntity,
];
