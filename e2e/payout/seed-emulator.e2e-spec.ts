import { describeSeedScenarios, emulatorMode } from './seed-scenarios';

// The seed's eight scenarios with the NowPayments emulator on 127.0.0.1 (its IPNs reach the
// gateway's webhook route); seed-sandbox.e2e-spec.ts runs them with the sandbox provider.
describeSeedScenarios(emulatorMode, 'payout_seed_np');
