import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Works from the sources (libs/contracts/src) and from the build (dist/libs/contracts/src).
function findProtoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'trafficshare'))) return candidate;
    dir = resolve(dir, '..');
  }
  throw new Error(
    'proto/ not found above ' + __dirname + '; run from the repository or image root',
  );
}

export const PROTO_ROOT = process.env.PROTO_ROOT ?? findProtoRoot();
