import { SERVICE_NAMES, SERVICES } from '@trafficshare/config';

import type { AppConfig } from '../config';
import { ServiceClients } from './grpc-clients.module';
import { narrowClient } from './narrow-client';

describe(narrowClient.name, () => {
  // Nothing listens on these: building clients does not connect.
  const config = Object.fromEntries(
    SERVICE_NAMES.map((name) => [SERVICES[name].urlEnv, '127.0.0.1:9']),
  ) as unknown as AppConfig;
  let clients: ServiceClients;

  beforeAll(() => {
    clients = new ServiceClients({ ...config, GRPC_DEADLINE_MS: 1_000 });
  });
  afterAll(() => clients.close());

  const build = <T>(provider: unknown): T =>
    (provider as { useFactory: (c: ServiceClients) => T }).useFactory(clients);

  it('hands a feature only the RPCs it declared', () => {
    const spec = narrowClient('ledger', ['getBalanceSummary', 'refreshBalance']);
    const client = build<Record<string, unknown>>(spec.provider);
    expect(Object.keys(client).sort()).toEqual(['getBalanceSummary', 'refreshBalance']);
    expect(typeof client.getBalanceSummary).toBe('function');
    expect(client.listTransactions).toBeUndefined();
    expect(Object.isFrozen(client)).toBe(true);
  });

  it('gives each declaration its own injection token', () => {
    const a = narrowClient('auth', ['getProfile']);
    const b = narrowClient('auth', ['getProfile']);
    expect(a.token).not.toBe(b.token);
    expect((a.provider as { provide: symbol }).provide).toBe(a.token);
  });

  it('does not compile a method the public contract lacks (tsc checks this file)', () => {
    // @ts-expect-error: Hold is an RPC of the ledger's internal contract, not the public one
    const spec = narrowClient('ledger', ['hold']);
    expect(spec.methods).toEqual(['hold']);
  });
});
