import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** The platform's version: APP_VERSION (set by the image build) or the root package.json's. */
export function appVersion(): string {
  if (cached) return cached;
  if (process.env.APP_VERSION) return (cached = process.env.APP_VERSION);
  let dir = __dirname;
  for (let i = 0; i < 8; i += 1) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'trafficshare' && pkg.version) return (cached = pkg.version);
    }
    dir = dirname(dir);
  }
  return (cached = '0.0.0');
}
