import type { Provider } from '@nestjs/common';

import { ServiceClients } from './grpc-clients.module';

/** The services the gateway has a client of (public contracts only). */
export type ClientName = 'auth' | 'telemetry' | 'filter' | 'ledger' | 'payout' | 'notify';

/** The few RPCs of one service a feature may call. */
export type NarrowClient<S extends ClientName, M extends keyof ServiceClients[S]> = Readonly<
  Pick<ServiceClients[S], M>
>;

/** A narrow client declaration: its injection token, its Nest provider and (type only) its shape. */
export interface NarrowClientSpec<S extends ClientName, M extends keyof ServiceClients[S]> {
  readonly token: symbol;
  readonly provider: Provider;
  readonly methods: readonly M[];
  /** Type carrier only (`typeof X.type`); undefined at run time. */
  readonly type: NarrowClient<S, M>;
}

/**
 * Declares the RPCs a feature module may call on one service, so a controller cannot reach the
 * rest of that service's contract (nor any other service's) by accident:
 *
 * ```ts
 * export const BalanceLedger = narrowClient('ledger', ['getBalanceSummary', 'refreshBalance']);
 * // module: providers: [BalanceLedger.provider]
 * // controller: constructor(@Inject(BalanceLedger.token) private readonly ledger: typeof BalanceLedger.type)
 * ```
 *
 * At run time the object holds only the listed methods: calling another one is a TypeError, not
 * a silent call.
 */
export function narrowClient<S extends ClientName, const M extends keyof ServiceClients[S]>(
  service: S,
  methods: readonly M[],
): NarrowClientSpec<S, M> {
  const token = Symbol(`${service} client: ${methods.map(String).join(', ')}`);
  return {
    token,
    methods,
    type: undefined as unknown as NarrowClient<S, M>,
    provider: {
      provide: token,
      inject: [ServiceClients],
      useFactory: (clients: ServiceClients): NarrowClient<S, M> => pick(clients[service], methods),
    },
  };
}

function pick<T extends object, M extends keyof T>(client: T, methods: readonly M[]): Pick<T, M> {
  const out = {} as Pick<T, M>;
  for (const m of methods) out[m] = client[m];
  return Object.freeze(out);
}
