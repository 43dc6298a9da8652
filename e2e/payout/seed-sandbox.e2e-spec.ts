import { describeSeedScenarios, sandboxMode } from './seed-scenarios';

// The seed's eight scenarios with PAYMENT_PROVIDER=sandbox (the default of `npm start`): the
// payouts complete, fail, stall or flake by the sandbox's address rules, and its IPNs reach the
// gateway's webhook route.
describeSeedScenarios(sandboxMode(), 'payout_seed_sb');
