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
export type AppName = ServiceName | 'gateway';

export const APP_NAMES: readonly AppName[] = ['gateway', ...SERVICE_NAMES];

export interface ServiceDescriptor {
  readonly name: ServiceName;
  /** Postgres schema the service owns. */
  readonly schema: string;
  /** proto package served by the service. */
  readonly protoPackage: string;
  /** Service name inside the proto package. */
  readonly protoService: string;
  /** Path of the .proto file under proto/. */
  readonly protoFile: string;
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
): ServiceDescriptor => ({
  name,
  schema: short,
  protoPackage: `trafficshare.${short}.v1`,
  protoService,
  protoFile: `trafficshare/${short}/v1/${short}.proto`,
  defaultGrpcPort: 50050 + offset,
  defaultMetricsPort: 9460 + offset,
  urlEnv: `${short.toUpperCase()}_GRPC_URL`,
});

export const SERVICES: Readonly<Record<ServiceName, ServiceDescriptor>> = {
  'auth-svc': describe('auth-svc', 'auth', 'AuthService', 1),
  'telemetry-svc': describe('telemetry-svc', 'telemetry', 'TelemetryService', 2),
  'filter-svc': describe('filter-svc', 'filter', 'FilterService', 3),
  'ledger-svc': describe('ledger-svc', 'ledger', 'LedgerService', 4),
  'payout-svc': describe('payout-svc', 'payout', 'PayoutService', 5),
  'notify-svc': describe('notify-svc', 'notify', 'NotifyService', 6),
};

export const GATEWAY_DEFAULT_PORT = 8080;
/** The gateway's ops port (/metrics, /health, /health/ready): the one below the services'. */
export const GATEWAY_DEFAULT_METRICS_PORT = 9460;

/** Ops routes every app serves on METRICS_PORT (the gateway's probes also on its HTTP port). */
export const OPS_PATHS = { live: '/health', ready: '/health/ready', metrics: '/metrics' } as const;
