import { narrowClient } from '../../grpc-clients/narrow-client';

export const SettingsAuth = narrowClient('auth', [
  'describe',
  'getSystemSettings',
  'updateSystemSetting',
]);
export const StatusLedger = narrowClient('ledger', ['describe']);
export const StatusTelemetry = narrowClient('telemetry', ['describe']);
export const StatusFilter = narrowClient('filter', ['describe']);
export const StatusPayout = narrowClient('payout', ['describe']);
export const StatusNotify = narrowClient('notify', ['describe']);

/** What every service's Describe answers (the same message in each contract). */
export interface Described {
  readonly service: string;
  readonly version: string;
  readonly schemaHead: string;
  readonly outboxBacklog: number;
  readonly uptimeS: number;
  readonly eventLoopLagMs: number;
  readonly dlqSize: number;
  readonly schemaBytes: number;
  readonly ready: boolean;
  readonly instance: string;
  readonly monitor: Record<string, number>;
}
