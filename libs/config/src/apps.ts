// The single map of the platform's apps: names, schemas and default ports. The start command,
// the gateway's gRPC clients, docker-compose and k8s manifests (checked by a test) follow it.

export const SERVICE_NAMES = [
  'auth-svc',
  'telemetry-svc',
  'filter-svc',
  'ledger-svc',
  'payout-svc',
  'notify-svc',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];
export type AppName = ServiceName | 'gateway' | 'relay';

export const APP_NAMES: readonly AppName[] = ['gateway', ...SERVICE_NAMES, 'relay'];

/** One proto service: what a gRPC client is built from and a server serves. */
export interface GrpcContract {
  /** proto package of the service. */
  readonly protoPackage: string;
  /** Service name inside the proto package. */
  readonly protoService: string;
  /** Path of the .proto file under proto/. */
  readonly protoFile: string;
}

/**
 * An app's public contract (the descriptor itself: what the gateway calls) and, when it has one,
 * its internal contract: RPCs only other services and tools call (`<Svc>InternalService` in
 * `<svc>_internal.proto`), served by the same server on the same port. The gateway builds no
 * client for an internal contract (a lint rule and a test hold it to that).
 */
export interface ServiceDescriptor extends GrpcContract {
  readonly name: ServiceName;
  /** Postgres schema the service owns. */
  readonly schema: string;
  readonly internal?: GrpcContract;
  readonly defaultGrpcPort: number;
  readonly defaultMetricsPort: number;
  /** Env var the gateway (and other clients) read the service's address from. */
  readonly urlEnv: string;
}

const describe = (
  name: ServiceName,
  short: string,
  protoService: string,
  offset: number,
  internalService?: string,
): ServiceDescriptor => ({
  name,
  schema: short,
  protoPackage: `trafficshare.${short}.v1`,
  protoService,
  protoFile: `trafficshare/${short}/v1/${short}.proto`,
  ...(internalService
    ? {
        internal: {
          protoPackage: `trafficshare.${short}.v1`,
          protoService: internalService,
          protoFile: `trafficshare/${short}/v1/${short}_internal.proto`,
        },
      }
    : {}),
  defaultGrpcPort: 50050 + offset,
  defaultMetricsPort: 9460 + offset,
  urlEnv: `${short.toUpperCase()}_GRPC_URL`,
});

export const SERVICES: Readonly<Record<ServiceName, ServiceDescriptor>> = {
  'auth-svc': describe('auth-svc', 'auth', 'AuthService', 1, 'AuthInternalService'),
  'telemetry-svc': describe(
    'telemetry-svc',
    'telemetry',
    'TelemetryService',
    2,
    'TelemetryInternalService',
  ),
  'filter-svc': describe('filter-svc', 'filter', 'FilterService', 3, 'FilterInternalService'),
  'ledger-svc': describe('ledger-svc', 'ledger', 'LedgerService', 4, 'LedgerInternalService'),
  'payout-svc': describe('payout-svc', 'payout', 'PayoutService', 5),
  'notify-svc': describe('notify-svc', 'notify', 'NotifyService', 6),
};

/** The internal contract of a service (throws for a service that has none). */
export function internalContract(name: ServiceName): GrpcContract {
  const internal = SERVICES[name].internal;
  if (!internal) throw new Error(`${name} has no internal gRPC service`);
  return internal;
}

/** Every proto service an app serves: its public contract, then its internal one. */
export function servedContracts(svc: ServiceDescriptor): GrpcContract[] {
  return svc.internal ? [svc, svc.internal] : [svc];
}

export const GATEWAY_DEFAULT_PORT = 8080;
/** The gateway's ops port (/metrics, /health, /health/ready): the one below the services'. */
export const GATEWAY_DEFAULT_METRICS_PORT = 9460;

/** The relay (buyers' traffic through device tunnels): its public faces and ops port. */
export const RELAY_DEFAULT_TUNNEL_PORT = 8090;
export const RELAY_DEFAULT_PROXY_PORT = 8888;
export const RELAY_DEFAULT_SOCKS_PORT = 1080;
export const RELAY_DEFAULT_METRICS_PORT = 9470;

/** Ops routes every app serves on METRICS_PORT (the gateway's probes also on its HTTP port). */
export const OPS_PATHS = { live: '/health', ready: '/health/ready', metrics: '/metrics' } as const;

/** The ops (metrics) port an app listens on unless configured otherwise. */
export function defaultMetricsPort(app: AppName): number {
  if (app === 'gateway') return GATEWAY_DEFAULT_METRICS_PORT;
  if (app === 'relay') return RELAY_DEFAULT_METRICS_PORT;
  return SERVICES[app].defaultMetricsPort;
}
