import { narrowClient } from '../../grpc-clients/narrow-client';

export const MonitorTelemetry = narrowClient('telemetry', ['describe', 'getAdminStats']);
export const MonitorLedger = narrowClient('ledger', ['getAdminStats']);
export const MonitorFilter = narrowClient('filter', ['describe']);
export const MonitorPayout = narrowClient('payout', ['describe']);
