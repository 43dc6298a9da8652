import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';

import { parse as parseDotenv } from 'dotenv';

export interface SecretSpec {
  /** Variables this secret fills; generated together (a key pair fills two). */
  readonly keys: readonly string[];
  readonly generate: () => Record<string, string>;
}

const LOCK_WAIT_MS = 5_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(lockPath: string, fn: () => T): T {
  const started = Date.now();
  for (;;) {
    try {
      closeSync(openSync(lockPath, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new Error(
          `Timed out waiting for ${lockPath}; if no other app is starting, delete it and retry.`,
        );
      }
      sleepSync(20);
    }
  }
  try {
    return fn();
  } finally {
    unlinkSync(lockPath);
  }
}

/**
 * Development only: makes sure every secret exists in `file` (git-ignored), generating the
 * missing ones once so that all apps on the machine share them. Returns the file's values.
 */
export function ensureDevSecrets(
  file: string,
  specs: readonly SecretSpec[],
): Record<string, string> {
  return withLock(`${file}.lock`, () => {
    if (!existsSync(file)) {
      writeFileSync(
        file,
        '# Generated development secrets (git-ignored). Never use these in production.\n',
        { mode: 0o600 },
      );
    }
    const current = parseDotenv(readFileSync(file));
    for (const spec of specs) {
      if (spec.keys.every((k) => current[k])) continue;
      const generated = spec.generate();
      const lines = Object.entries(generated).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      appendFileSync(file, `${lines.join('\n')}\n`);
      Object.assign(current, generated);
    }
    return current;
  });
}
