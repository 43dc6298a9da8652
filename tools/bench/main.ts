// `npm run bench -- <scenario> [--connections N] [--duration S] [--url URL]`: load test of the
// running gateway (see args.ts). Scenarios are listed in scenarios/index.ts.

import { join, relative, resolve } from 'node:path';

import { parseArgs, USAGE, UsageError, type BenchOptions } from './args';
import { metricsUrls, readMemory } from './memory';
import { checkReachable } from './preflight';
import { saveResult, summary, toResult } from './report';
import { runLoad } from './runner';
import { findScenario, SCENARIOS } from './scenarios';

const REPO_ROOT = resolve(__dirname, '..', '..');
const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const say = (message: string): void => {
  process.stdout.write(`[bench] ${message}\n`);
};

function scenarioList(): string {
  return SCENARIOS.map((s) => `  ${s.name.padEnd(16)} ${s.description}`).join('\n');
}

async function bench(options: BenchOptions): Promise<number> {
  const scenario = options.scenario === undefined ? undefined : findScenario(options.scenario);
  if (!scenario) {
    process.stderr.write(
      `${options.scenario === undefined ? 'name a scenario' : `unknown scenario "${options.scenario}"`}; known:\n${scenarioList()}\n\n${USAGE}\n`,
    );
    return 2;
  }
  if (scenario.standalone) return scenario.standalone({ log: say });

  const reachable = await checkReachable(options.url);
  if (!reachable.ok) {
    say(`the gateway does not answer at ${options.url}/health (${reachable.reason})`);
    say('start the platform with npm start (or pass --url)');
    return 1;
  }
  if (reachable.status !== 200) say(`note: ${options.url}/health answered ${reachable.status}`);

  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(130);
    say('stopping early (Ctrl-C again to quit at once)');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const prepared = await scenario.prepare({
    baseUrl: options.url,
    connections: options.connections,
    log: say,
  });
  say(
    `${scenario.name}: ${options.connections} connections for ${options.durationS} s against ${options.url}`,
  );
  // Memory around the load itself (after preparation, before teardown).
  const memoryUrls = metricsUrls(options.url);
  const memoryBefore = await readMemory(memoryUrls);
  const startedAt = new Date();
  const stats = await runLoad({
    url: options.url,
    scenario: prepared,
    connections: options.connections,
    durationMs: options.durationS * 1_000,
    timeoutMs: options.timeoutS * 1_000,
    stop: stop.signal,
    onSecond: (second, completed, s) =>
      say(
        `${String(second).padStart(4)} s  ${completed.toLocaleString('en-US').padStart(9)} req/s   total ${s.requests.toLocaleString('en-US')}   errors ${s.errors.toLocaleString('en-US')}`,
      ),
  });
  const memoryAfter = await readMemory(memoryUrls);
  await prepared.teardown?.();
  const result = toResult(stats, {
    memory: { before: memoryBefore, after: memoryAfter },
    scenario: scenario.name,
    url: options.url,
    startedAt,
    connections: options.connections,
    durationS: options.durationS,
  });
  for (const line of summary(result)) say(line);
  say(`saved ${relative(process.cwd(), saveResult(RESULTS_DIR, result))}`);
  return 0;
}

function entry(): void {
  // The relay bench is self-contained (its own target, relay and device processes).
  if (process.argv[2] === 'relay') {
    void import('./scenarios/relay').then(({ runRelayBench }) =>
      runRelayBench(process.argv.slice(3)).then(
        (code) => process.exit(code),
        (err: unknown) => {
          process.stderr.write(`[bench relay] ${err instanceof Error ? err.stack : String(err)}\n`);
          process.exit(1);
        },
      ),
    );
    return;
  }
  let options: BenchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n\nscenarios:\n${scenarioList()}\n`);
    return;
  }
  bench(options).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}

entry();
