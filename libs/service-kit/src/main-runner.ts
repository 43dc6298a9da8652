import { createLogger } from '@trafficshare/observability';
import { ConfigError } from '@trafficshare/config';

/** Runs an app's async main; a boot failure is printed plainly (config errors list every
 *  bad variable) and the process exits 1. */
export function runMain(app: string, main: () => Promise<unknown>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      const logger = createLogger({ app, level: 'info' });
      logger.fatal(
        { err },
        `${app} failed to start: ${err instanceof Error ? err.message : String(err)}`,
      );
      logger.flush();
    }
    process.exitCode = 1;
    // Give the async log destination a moment, then leave even if handles are open.
    setTimeout(() => process.exit(1), 200);
  });
}
