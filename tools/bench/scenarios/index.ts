// The registry of bench scenarios: add one file per scenario and list it here.

import type { Scenario } from '../scenario';
import { healthReady } from './health-ready';
import { login } from './login';
import { profile } from './profile';

export const SCENARIOS: readonly Scenario[] = [healthReady, login, profile];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
