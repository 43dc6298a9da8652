// `npm start`: brings the whole platform up on this machine (see args.ts for the options).
//   1. Postgres, Redis, NATS+JetStream answer (started or installed if needed)   infra.ts
//   2. npm run build, npm run migrate                                            system.ts
//   3. every app as a child process with prefixed, readable logs               processes.ts
//   4. wait for the gateway's /health/ready, seed demo data, print the URLs    readiness.ts, seed.ts
// Ctrl-C / SIGTERM stops the apps (SIGTERM, SIGKILL after 15 s) and exits 0.

import { existsSync } from 'node:fs';
import { relative } from 'node:path';

import { parseArgs, USAGE, UsageError, type StartOptions } from './args';
import { effectiveEnv, REPO_ROOT } from './env';
import { ensureInfra } from './infra';
import { planLaunch } from './launch-plan';
import { fail, log, paint, warn } from './log';
import { portsStillBusy } from './ports';
import { AppSupervisor } from './processes';
import { waitForReady } from './readiness';
import { seedDemoData } from './seed';
import { killForeground, npmRun } from './system';

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
// A short-lived outgoing connection can hold a default port (they sit in the ephemeral range).
const PORT_WAIT_MS = 10_000;

let supervisor: AppSupervisor | undefined;
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  shuttingDown = true;
  killForeground();
  if (supervisor) await supervisor.stop(STOP_GRACE_MS);
  log('start', 'stopped');
  process.exit(code);
}

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    // Second Ctrl-C: don't wait any longer (the exit hook SIGKILLs what is left).
    fail('start', `${signal} again: killing the apps now`);
    process.exit(1);
  }
  log('start', `${signal} received`);
  void shutdown(0);
}

/**
 * `npm start` runs us under `sh -c`: a SIGTERM sent to npm kills npm and sh but never reaches us,
 * which would leave the apps running. When our parent goes away, stop as if signalled.
 */
function watchParent(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent || shuttingDown) return;
    clearInterval(timer);
    log('start', 'parent process (npm) exited');
    void shutdown(0);
  }, 1_000);
  timer.unref();
}

async function npmStep(script: string): Promise<boolean> {
  log(script, `npm run ${script}`);
  const started = Date.now();
  const result = await npmRun(script, script);
  if (shuttingDown) return false;
  if (result.code !== 0) {
    fail(script, `npm run ${script} failed (${result.signal ?? `exit ${result.code}`})`);
    return false;
  }
  // Scripts that report their own "[script] done ..." need no second line.
  if (!result.tail.some((line) => line.startsWith(`[${script}] done`))) {
    log(script, `done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return true;
}

/** Resolves with an exit code, or 'running' while the apps run until a signal stops them. */
async function main(options: StartOptions): Promise<number | 'running'> {
  const env = effectiveEnv();
  log('infra', 'checking Postgres, Redis and NATS (JetStream)');
  if (!(await ensureInfra(env))) {
    fail('infra', 'infrastructure is not ready; see above');
    return 1;
  }
  log('infra', 'Postgres, Redis and NATS are up');
  if (options.infraOnly) return 0;

  if (options.build && !(await npmStep('build'))) return 1;
  if (!(await npmStep('migrate'))) return 1;

  const plan = planLaunch(REPO_ROOT, options.apps, env);
  const missing = plan.launches.filter((l) => !existsSync(l.script));
  if (missing.length > 0) {
    for (const l of missing) fail('start', `${relative(REPO_ROOT, l.script)} is missing`);
    fail('start', options.build ? 'the build did not produce every app' : 'run without --no-build');
    return 1;
  }

  const busy = await portsStillBusy([...plan.ports.keys()], {
    waitMs: PORT_WAIT_MS,
    onWait: (ports) =>
      warn('start', `port(s) ${ports.join(', ')} in use; checking again for up to 10 s`),
  });
  if (busy.length > 0) {
    for (const port of busy)
      fail('start', `port ${port} (${plan.ports.get(port)}) is already in use`);
    fail('start', 'is the platform already running (another npm start)? Stop it first');
    return 1;
  }

  log('start', `starting ${options.apps.join(', ')}`);
  supervisor = new AppSupervisor(plan.launches, () => {
    fail('start', 'every app has exited; stopping');
    void shutdown(1);
  });
  supervisor.start();

  const outcome = await waitForReady({
    checks: plan.checks,
    timeoutMs: READY_TIMEOUT_MS,
    cancelled: () => shuttingDown,
    report: (message) => log('start', message),
  });
  if (shuttingDown) return 'running';
  if (!outcome.ready) {
    warn(
      'start',
      `not ready after ${READY_TIMEOUT_MS / 1000} s; still down: ${outcome.down.join(', ')}`,
    );
    warn('start', 'the apps keep running so their logs above can be read; Ctrl-C to stop');
    return 'running';
  }

  await seedDemoData({ gatewayUrl: plan.gatewayUrl, env });
  log('start', paint('green', 'TrafficShare is ready:'));
  for (const line of plan.urls) log('start', `  ${line}`);
  log('start', 'Ctrl-C to stop');
  return 'running';
}

function entry(): void {
  let options: StartOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    fail('start', err.message);
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  watchParent();
  main(options).then(
    (result) => {
      if (result !== 'running' && !shuttingDown) process.exit(result);
    },
    (err: unknown) => {
      fail('start', err instanceof Error ? (err.stack ?? err.message) : String(err));
      void shutdown(1);
    },
  );
}

entry();
