import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (bound and released; fine for tests on one machine). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
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
