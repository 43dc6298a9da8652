// Runs the apps as child processes: every output line prefixed with the app's name, unexpected
// exits reported (the others keep running), and an orderly SIGTERM → SIGKILL shutdown.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import type { AppName } from '@trafficshare/config';

import { fail, log, paintIndexed } from './log';
import { formatLogLine } from './pino-format';

/**
 * Node flags of every app (the Dockerfile sets the same in NODE_OPTIONS). A 64 MB young
 * generation lets the objects of in-flight requests die before a scavenge instead of being
 * copied and promoted: at high request rates that halved the gateway's GC time.
 */
export const APP_NODE_FLAGS = ['--max-semi-space-size=64'];

export interface AppLaunch {
  readonly name: AppName;
  /** Entry point, e.g. dist/apps/gateway/src/main.js. */
  readonly script: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface AppExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative pid: the app's whole process group (it was spawned detached).
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export class AppSupervisor {
  private readonly running = new Map<AppName, ChildProcess>();
  private readonly exits = new Map<AppName, AppExit>();
  private readonly width: number;
  private stopping = false;

  constructor(
    private readonly apps: readonly AppLaunch[],
    /** Called when the last app has exited without being asked to. */
    private readonly onAllExited: () => void,
  ) {
    this.width = Math.max(...apps.map((a) => a.name.length));
    // Last resort if we die abruptly: don't leave orphaned apps holding the ports.
    process.once('exit', () => {
      for (const child of this.running.values()) signalGroup(child, 'SIGKILL');
    });
  }

  start(): void {
    this.apps.forEach((app, index) => this.spawnApp(app, index));
  }

  isRunning(name: AppName): boolean {
    return this.running.has(name);
  }

  exitOf(name: AppName): AppExit | undefined {
    return this.exits.get(name);
  }

  private spawnApp(app: AppLaunch, index: number): void {
    const prefix = `${paintIndexed(index, app.name.padEnd(this.width))} | `;
    // START_NODE_FLAGS: extra node flags for every app (profiling: "--cpu-prof --cpu-prof-dir=/tmp/prof").
    const flags = [
      ...APP_NODE_FLAGS,
      ...(process.env.START_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
    ];
    const child = spawn(process.execPath, [...flags, app.script], {
      cwd: app.cwd,
      env: app.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only the start command, which then stops
      // the apps in order instead of all of them dying at once mid-request.
      detached: true,
    });
    this.running.set(app.name, child);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        const text = formatLogLine(line).split('\n');
        process.stdout.write(`${text.map((l) => prefix + l).join('\n')}\n`);
      });
    }
    child.once('error', (err) => fail('start', `${app.name}: could not start: ${err.message}`));
    child.once('close', (code, signal) => {
      this.running.delete(app.name);
      this.exits.set(app.name, { code, signal });
      if (this.stopping) return;
      const how = signal ? `by signal ${signal}` : `with code ${code}`;
      fail('start', `${app.name} exited unexpectedly ${how}; the other apps keep running`);
      if (this.running.size === 0) this.onAllExited();
    });
  }

  /** SIGTERM to every app, then SIGKILL to the ones still running after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const children = [...this.running.entries()];
    if (children.length === 0) return;
    const closed = Promise.all(
      children.map(
        ([, child]) => new Promise<void>((resolve) => child.once('close', () => resolve())),
      ),
    );
    log('start', `stopping ${children.map(([name]) => name).join(', ')} (SIGTERM)`);
    for (const [, child] of children) signalGroup(child, 'SIGTERM');
    const timedOut = await Promise.race([
      closed.then(() => false),
      sleep(graceMs).then(() => true),
    ]);
    if (!timedOut) return;
    for (const [name, child] of this.running.entries()) {
      fail('start', `${name} did not stop within ${graceMs / 1000} s; sending SIGKILL`);
      signalGroup(child, 'SIGKILL');
    }
    await Promise.race([closed, sleep(2_000)]);
  }
}
