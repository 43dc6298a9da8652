export interface BenchOptions {
  readonly scenario: string | undefined;
  readonly connections: number;
  readonly durationS: number;
  /** Gateway origin, no trailing slash. */
  readonly url: string;
  /** Per-request deadline (headers and body), seconds. */
  readonly timeoutS: number;
  readonly help: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage: npm run bench -- <scenario> [--connections N] [--duration S] [--url URL] [--timeout S]

Drives the running gateway with N concurrent keep-alive clients for S seconds, then prints
throughput, latency percentiles, errors and status codes, and saves them to bench/results/.

  --connections N   concurrent clients, one connection each (default 50)
  --duration S      seconds of load (default 10, at most 3600)
  --url URL         gateway origin (default http://127.0.0.1:$GATEWAY_PORT or :8080)
  --timeout S       per-request deadline in seconds (default 10)`;

function intIn(flag: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag} needs a whole number from ${min} to ${max} (got ${raw ?? 'nothing'})`,
    );
  }
  return value;
}

function origin(raw: string | undefined): string {
  try {
    const url = new URL(raw ?? '');
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    return url.origin;
  } catch {
    throw new UsageError(
      `--url needs an http(s) URL such as http://127.0.0.1:8080 (got ${raw ?? 'nothing'})`,
    );
  }
}

export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  let scenario: string | undefined;
  let connections = 50;
  let durationS = 10;
  let timeoutS = 10;
  let url = `http://127.0.0.1:${env.GATEWAY_PORT || 8080}`;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--connections':
      case '-c':
        connections = intIn('--connections', value(), 1, 10_000);
        break;
      case '--duration':
      case '-d':
        durationS = intIn('--duration', value(), 1, 3_600);
        break;
      case '--timeout':
        timeoutS = intIn('--timeout', value(), 1, 600);
        break;
      case '--url':
        url = origin(value());
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (scenario !== undefined)
          throw new UsageError(`one scenario at a time (got ${scenario} and ${flag})`);
        scenario = flag;
    }
  }
  return { scenario, connections, durationS, url: origin(url), timeoutS, help };
}
