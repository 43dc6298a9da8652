import { APP_NAMES } from '@trafficshare/config';

import { parseArgs, UsageError } from './args';

describe(parseArgs.name, () => {
  it('builds and runs every app by default', () => {
    expect(parseArgs([])).toEqual({ build: true, infraOnly: false, apps: APP_NAMES, help: false });
  });

  it('reads --no-build and --infra-only', () => {
    expect(parseArgs(['--no-build', '--infra-only'])).toMatchObject({
      build: false,
      infraOnly: true,
    });
  });

  it('narrows the apps with --only, in the platform order', () => {
    expect(parseArgs(['--only', 'auth-svc,gateway']).apps).toEqual(['gateway', 'auth-svc']);
    expect(parseArgs(['--only=ledger-svc']).apps).toEqual(['ledger-svc']);
  });

  it('rejects unknown apps and options', () => {
    expect(() => parseArgs(['--only', 'gateway,wallet-svc'])).toThrow(
      /unknown app\(s\) wallet-svc/,
    );
    expect(() => parseArgs(['--only'])).toThrow(UsageError);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});
