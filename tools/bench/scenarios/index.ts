// The registry of bench scenarios: add one file per scenario and list it here.

import type { Scenario } from '../scenario';
import { balance } from './balance';
import { health } from './health';
import { healthReady } from './health-ready';
import { reports } from './reports';
import { login } from './login';
import { profile } from './profile';

export const SCENARIOS: readonly Scenario[] = [
  health,
  healthReady,
  login,
  profile,
  balance,
  reports,
];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
