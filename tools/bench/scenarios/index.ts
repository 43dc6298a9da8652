// The registry of bench scenarios: add one file per scenario and list it here.

import type { Scenario } from '../scenario';
import { adminSummary } from './admin-summary';
import { balance } from './balance';
import { broadcast } from './broadcast';
import { health } from './health';
import { healthReady } from './health-ready';
import { reports } from './reports';
import { live } from './live';
import { login } from './login';
import { profile } from './profile';
import { withdraw } from './withdraw';

export const SCENARIOS: readonly Scenario[] = [
  health,
  healthReady,
  login,
  profile,
  balance,
  reports,
  withdraw,
  adminSummary,
  broadcast,
  live,
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
