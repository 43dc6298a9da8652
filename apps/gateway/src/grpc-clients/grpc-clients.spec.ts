import { SERVICE_NAMES, SERVICES, type ServiceName } from '@trafficshare/config';
import { loadServiceDefinition } from '@trafficshare/grpc';

import type { AppConfig } from '../config';
import { ServiceClients } from './grpc-clients.module';

/** RPC names (as clients call them) of a proto service. */
function rpcNames(contract: { protoPackage: string; protoService: string; protoFile: string }) {
  const def = loadServiceDefinition(contract)[`${contract.protoPackage}.${contract.protoService}`];
  return Object.values(def as Record<string, { originalName?: string }>).map(
    (m) => m.originalName ?? '',
  );
}

const CLIENT_OF: Record<ServiceName, keyof ServiceClients> = {
  'auth-svc': 'auth',
  'telemetry-svc': 'telemetry',
  'filter-svc': 'filter',
  'ledger-svc': 'ledger',
  'payout-svc': 'payout',
  'notify-svc': 'notify',
};

describe(ServiceClients.name, () => {
  // Nothing listens on these: building clients does not connect.
  const config = Object.fromEntries(
    SERVICE_NAMES.map((name) => [SERVICES[name].urlEnv, '127.0.0.1:9']),
  ) as unknown as AppConfig;
  let sut: ServiceClients;

  beforeAll(() => {
    sut = new ServiceClients({ ...config, GRPC_DEADLINE_MS: 1_000 });
  });
  afterAll(() => sut.close());

  it('builds clients of the public contracts only', () => {
    expect(sut.contracts.map((c) => c.protoService).sort()).toEqual(
      SERVICE_NAMES.map((name) => SERVICES[name].protoService).sort(),
    );
    const internal = SERVICE_NAMES.flatMap((name) => SERVICES[name].internal ?? []);
    expect(internal.length).toBe(4);
    for (const contract of internal) expect(sut.contracts).not.toContainEqual(contract);
  });

  it.each(SERVICE_NAMES.filter((name) => SERVICES[name].internal))(
    'the %s client cannot call any RPC of its internal service',
    async (name) => {
      const internalRpcs = rpcNames(SERVICES[name].internal!);
      expect(internalRpcs.length).toBeGreaterThan(0);
      const publicRpcs = new Set(rpcNames(SERVICES[name]));
      const client = sut[CLIENT_OF[name]] as unknown as Record<
        string,
        (req: unknown) => Promise<unknown>
      >;
      for (const rpc of internalRpcs) {
        expect(publicRpcs.has(rpc)).toBe(false);
        const method = rpc.charAt(0).toLowerCase() + rpc.slice(1);
        await expect(client[method]({})).rejects.toThrow(
          `${SERVICES[name].protoService} has no method ${method}`,
        );
      }
    },
  );
});
