import { z } from 'zod';

import {
  baseShape,
  infraShape,
  serviceShape,
  SERVICES,
  type ConfigOf,
  type ConfigSpec,
} from '@trafficshare/config';

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const shape = {
  ...baseShape,
  ...infraShape,
  ...serviceShape(SERVICES['telemetry-svc']),
  /** filter-svc address (START decisions, IP release). */
  FILTER_GRPC_URL: z.string().default(`127.0.0.1:${SERVICES['filter-svc'].defaultGrpcPort}`),
  /** Deadline of one filter-svc call. */
  FILTER_DEADLINE_MS: int(5_000, 50, 60_000),
  /** A session with no report or heartbeat for this long is closed as `failed`. */
  SESSION_TIMEOUT_S: int(120, 5, 86_400),
  /** How often the timeout sweep runs. */
  SESSION_SWEEP_MS: int(10_000, 100, 600_000),
  /** Reports one device may send per minute (a phone reports every ~10 s: ≤ 12 with margin); more get 429 rate_limited. */
  REPORTS_PER_MIN_PER_DEVICE: int(12, 1, 100_000),
  /** Reports one account (all its devices) may send per minute; more get 429 rate_limited. */
  REPORTS_PER_MIN_PER_USER: int(6_000, 1, 1_000_000),
  /** Group commit: reports per transaction, longest wait for company, transactions in flight. */
  REPORT_BATCH_MAX: int(500, 1, 5_000),
  REPORT_BATCH_WAIT_MS: int(2, 0, 1_000),
  REPORT_BATCH_CONCURRENCY: int(2, 1, 16),
  /** Counting rule: a session is credited at most MAX_SPEED_MB_S × its age + COUNT_BURST_MB. */
  MAX_SPEED_MB_S: int(50, 1, 10_000),
  COUNT_BURST_MB: int(100, 0, 100_000),
  /** Largest delta one report may carry (a phone reports every 10 s or every 100 MB). */
  MAX_REPORT_MB: int(1_024, 1, 1_000_000),
  /** Devices the traffic pool is sized for (free slots = this − devices sharing now). */
  RELAY_POOL_SIZE: int(1_000, 1, 10_000_000),
  /** Reconciliation tolerance: max(RECONCILE_TOLERANCE_PCT %, RECONCILE_TOLERANCE_MB). */
  RECONCILE_TOLERANCE_PCT: int(1, 0, 100),
  RECONCILE_TOLERANCE_MB: int(5, 0, 100_000),
  /** A pause between two reports longer than this counts as an interruption (quality score). */
  INTERRUPTION_GAP_S: int(30, 1, 3_600),
  /** Period of the live `traffic_update` messages of running sessions. */
  LIVE_UPDATE_MS: int(3_000, 100, 60_000),
};

export const configSpec: ConfigSpec<typeof shape> = {
  app: 'telemetry-svc',
  shape,
};

export type AppConfig = ConfigOf<typeof shape>;
