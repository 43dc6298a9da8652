import { narrowClient } from '../grpc-clients/narrow-client';

/** The RPCs the referral pages call. */
export const ReferralsAuth = narrowClient('auth', ['getReferrals']);
export const ReferralsLedger = narrowClient('ledger', ['getReferralEarnings']);
