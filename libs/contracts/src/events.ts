// The events contract: every message of trafficshare.events.v1, whichever .proto file of the
// package declares it (events.proto, referral_events.proto, ...).
export * from './generated/trafficshare/events/v1/events';
export * from './generated/trafficshare/events/v1/referral_events';
export * from './generated/trafficshare/events/v1/payout_events';
export * from './generated/trafficshare/events/v1/settings_events';
export * from './generated/trafficshare/events/v1/admin_events';
export * from './generated/trafficshare/events/v1/news_events';
export * from './generated/trafficshare/events/v1/security_events';
