import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Ports this process handed out already (an app may not have bound its port yet). */
const handedOut = new Set<number>();
const PORT_LOW = 20_000;
const PORT_SLICE = 1_500;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free TCP port on 127.0.0.1 for an app under test. Not an OS-assigned ephemeral port: those
 * come from the range outgoing connections use (32768–60999 on Linux), so any client socket
 * (Postgres, Redis, NATS, …) could take it between this check and the app's listen — which
 * made whole suites fail with EADDRINUSE. Ports are drawn below that range, from a slice of
 * its own per jest worker (parallel workers never pick the same one), never twice per process,
 * and checked free before they are returned.
 */
export async function freePort(): Promise<number> {
  const slice = Number(process.env.JEST_WORKER_ID ?? 0) % 8;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = PORT_LOW + slice * PORT_SLICE + Math.floor(Math.random() * PORT_SLICE);
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the await: concurrent calls never pick the same port
    if (await canListen(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(
    `no free port in ${PORT_LOW + slice * PORT_SLICE}–${PORT_LOW + (slice + 1) * PORT_SLICE - 1}`,
  );
}

/**
 * Starts an app in this process through its `boot` function (each app exports one from
 * src/boot.ts) with an isolated environment. Returns whatever boot returns (it has `stop()`).
 */
export async function startApp<T extends { stop(): Promise<void> }>(
  boot: (options: { env: NodeJS.ProcessEnv; handleSignals: boolean }) => Promise<T>,
  env: NodeJS.ProcessEnv,
): Promise<T> {
  return boot({ env: { ...process.env, ...env }, handleSignals: false });
}

export interface SpawnedApp {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the app printed so far (for assertions and failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL at once (crash simulation). */
  kill(): Promise<number | null>;
}

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Starts an app as its own process, the way `npm start` does, from its TypeScript entry. */
export function spawnApp(name: string, env: NodeJS.ProcessEnv): SpawnedApp {
  const entry = join(REPO_ROOT, 'apps', name, 'src', 'main.ts');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools', 'run-ts.cjs'), entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    output: () => out,
    stop: async (graceMs = 10_000) => {
      if (alive()) child.kill('SIGTERM');
      const timer = setTimeout(() => alive() && child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (alive()) child.kill('SIGKILL');
      return exited;
    },
  };
}
