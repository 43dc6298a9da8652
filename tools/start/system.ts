import { spawn, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';

import { log } from './log';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Absolute path of an executable on PATH (plus the sbin folders a non-login root shell may lack). */
export function which(command: string): string | undefined {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter),
    '/usr/local/sbin',
    '/usr/sbin',
    '/sbin',
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Last lines of output, for error messages. */
  readonly tail: readonly string[];
}

export interface RunOptions extends Pick<SpawnOptions, 'env' | 'cwd'> {
  /** Step shown in front of every output line, e.g. "build". */
  readonly step: string;
  /** Print the command's output (default true). */
  readonly echo?: boolean;
}

/** The running foreground command, so Ctrl-C during build or migrate can stop it. */
let current: ReturnType<typeof spawn> | undefined;

export function killForeground(): void {
  if (current?.pid !== undefined && current.exitCode === null) {
    try {
      process.kill(-current.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Runs a command to completion, streaming its output line by line as "[step] line". */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop the whole group.
      detached: true,
    });
    current = child;
    const tail: string[] = [];
    const onLine = (line: string): void => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      if (options.echo === false) return;
      // Scripts that already tag their lines ("[build] ...") are shown as they are.
      if (line.startsWith(`[${options.step}]`)) process.stdout.write(`${line}\n`);
      else log(options.step, line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
    }
    child.once('error', (err) => {
      current = undefined;
      reject(err);
    });
    child.once('close', (code, signal) => {
      current = undefined;
      resolvePromise({ code, signal, tail });
    });
  });
}

/** `npm run <script>` with the npm that runs us (npm_execpath) under this Node, else npm on PATH. */
export function npmRun(script: string, step: string): Promise<RunResult> {
  const npmCli = process.env.npm_execpath;
  const [command, args] =
    npmCli && npmCli.endsWith('.js')
      ? [process.execPath, [npmCli, 'run', '--silent', script]]
      : ['npm', ['run', '--silent', script]];
  return run(command, args, { step });
}
