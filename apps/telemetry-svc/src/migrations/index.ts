import { SessionsExportIndex1796500000100 } from './1796500000100-sessions-export-index';
import { RelayedTraffic1796412475303 } from './1796412475303-relayed-traffic';
import { RelayCredits1796500000000 } from './1796500000000-relay-credits';
import { RelayPool1796500000001 } from './1796500000001-relay-pool';
import { TrafficSessions1795304055029 } from './1795304055029-traffic-sessions';
import { Init1795303143239 } from './1795303143239-init';
import { HotSessionUpdates1795310000000 } from './1795310000000-hot-session-updates';
// Migrations of the telemetry schema, oldest first. Generate with:
//   npm run migration:generate -- telemetry-svc <Name>
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Init1795303143239,
  TrafficSessions1795304055029,
  HotSessionUpdates1795310000000,
  RelayedTraffic1796412475303,
  RelayCredits1796500000000,
  RelayPool1796500000001,
  SessionsExportIndex1796500000100,
];
