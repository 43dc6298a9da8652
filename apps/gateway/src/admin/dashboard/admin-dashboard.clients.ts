import { narrowClient } from '../../grpc-clients/narrow-client';

export const DashboardAuth = narrowClient('auth', ['getAdminStats']);
export const DashboardLedger = narrowClient('ledger', ['getAdminStats']);
export const DashboardTelemetry = narrowClient('telemetry', ['getAdminStats']);
export const DashboardFilter = narrowClient('filter', ['listReviews']);

export const DashboardPayout = narrowClient('payout', ['getAdminStats']);
