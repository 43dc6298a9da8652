// Makes sure Postgres, Redis and NATS (with JetStream) answer: starts installed-but-stopped
// local servers, installs missing ones from Debian's packages when we are root, and otherwise
// says exactly what to do.

import { setTimeout as sleep } from 'node:timers/promises';

import { infraComponents, type InfraComponent } from './infra-components';
import type { ProbeResult } from './infra-probes';
import { fail, log, paint, warn } from './log';
import { isRoot, run } from './system';

const START_WAIT_MS = 30_000;
const STEP = 'infra';

function label(c: InfraComponent): string {
  return `${c.name.padEnd(8)} ${c.address.padEnd(15)} ...`;
}

function describe(result: ProbeResult): string {
  switch (result.state) {
    case 'up':
      return paint('green', 'up') + (result.note ? ` (${result.note})` : '');
    case 'down':
      return paint('yellow', 'down') + ` (${result.reason})`;
    case 'starting':
      return paint('yellow', 'starting') + ` (${result.reason})`;
    case 'broken':
      return paint('red', 'unusable') + ` (${result.reason})`;
  }
}

async function waitUntilUp(c: InfraComponent, timeoutMs: number): Promise<ProbeResult> {
  const deadline = Date.now() + timeoutMs;
  let result = await c.probe();
  while (result.state !== 'up' && result.state !== 'broken' && Date.now() < deadline) {
    await sleep(500);
    result = await c.probe();
  }
  return result;
}

async function installPackages(components: readonly InfraComponent[]): Promise<boolean> {
  const packages = components.map((c) => c.aptPackage);
  log(STEP, `installing ${packages.join(', ')} from Debian's packages (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run('apt-get', ['update'], { step: 'apt', env });
  if (update.code !== 0) {
    fail(STEP, `apt-get update failed (exit ${update.code})`);
    return false;
  }
  const install = await run('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    step: 'apt',
    env,
  });
  if (install.code !== 0) {
    fail(STEP, `apt-get install failed (exit ${install.code})`);
    return false;
  }
  for (const c of components) c.afterInstall?.();
  return true;
}

async function start(c: InfraComponent): Promise<ProbeResult> {
  const { command, args } = c.startCommand();
  log(
    STEP,
    `${c.name}: starting with: ${command} ${args.map((a) => (a === '' ? '""' : a)).join(' ')}`,
  );
  try {
    const result = await run(command, args, { step: STEP });
    if (result.code !== 0) warn(STEP, `${c.name}: start command exited with ${result.code}`);
  } catch (err) {
    return { state: 'down', reason: `could not run ${command}: ${(err as Error).message}` };
  }
  return waitUntilUp(c, START_WAIT_MS);
}

/**
 * Returns true when all three answer. Prints one "[infra] <name> <address> ... <state>" line per
 * component, plus what it does about the ones that don't.
 */
export async function ensureInfra(env: Record<string, string | undefined>): Promise<boolean> {
  const components = infraComponents(env);
  const first = await Promise.all(components.map((c) => c.probe()));
  let ok = true;
  const toStart: InfraComponent[] = [];
  const missing: InfraComponent[] = [];
  const alreadyStarting = new Set<InfraComponent>();

  components.forEach((c, i) => {
    const result = first[i];
    log(STEP, `${label(c)} ${describe(result)}`);
    if (result.state === 'up') return;
    if (result.state === 'broken') {
      fail(STEP, `${c.name}: ${result.hint}`);
      ok = false;
    } else if (!c.local) {
      fail(STEP, `${c.name} at ${c.address} is not on this machine; start it there or fix the URL`);
      ok = false;
    } else if (result.state === 'starting') {
      alreadyStarting.add(c);
      toStart.push(c);
    } else if (c.isInstalled()) toStart.push(c);
    else missing.push(c);
  });

  if (missing.length > 0) {
    const packages = missing.map((c) => c.aptPackage).join(' ');
    if (!isRoot()) {
      fail(STEP, `not installed: ${missing.map((c) => c.name).join(', ')}. Install with:`);
      fail(STEP, `  sudo apt-get update && sudo apt-get install -y ${packages}`);
      fail(STEP, 'then run npm start again.');
      return false;
    }
    if (!(await installPackages(missing))) return false;
    toStart.push(...missing);
  }

  for (const c of toStart) {
    // A package's install script or a starting server may already have brought it up.
    let result = await waitUntilUp(c, alreadyStarting.has(c) ? START_WAIT_MS : 1_000);
    if (result.state !== 'up') result = await start(c);
    log(STEP, `${label(c)} ${describe(result)}${result.state === 'up' ? ' (started)' : ''}`);
    if (result.state !== 'up') {
      ok = false;
      if (!isRoot())
        fail(STEP, `${c.name}: starting it needs root; run the command above with sudo`);
    }
  }
  return ok;
}
