import {
  credentials,
  loadPackageDefinition,
  type GrpcObject,
  type ServiceClientConstructor,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

type HealthClient = InstanceType<ServiceClientConstructor> & {
  check(
    req: { service: string },
    opts: { deadline: Date },
    cb: (err: Error | null, res?: { status: string }) => void,
  ): void;
};

let HealthCtor: ServiceClientConstructor | undefined;

function healthConstructor(): ServiceClientConstructor {
  if (!HealthCtor) {
    const def = loadSync(healthProtoPath, { keepCase: true, enums: String, defaults: true });
    const pkg = loadPackageDefinition(def);
    HealthCtor = ((pkg.grpc as GrpcObject).health as GrpcObject)
      .v1 as unknown as ServiceClientConstructor;
    HealthCtor = (HealthCtor as unknown as GrpcObject).Health as ServiceClientConstructor;
  }
  return HealthCtor;
}

/** A reusable grpc.health.v1 checker for one address. */
export class GrpcHealthChecker {
  private readonly client: HealthClient;

  constructor(address: string) {
    const Ctor = healthConstructor();
    this.client = new Ctor(address, credentials.createInsecure()) as HealthClient;
  }

  /** Resolves when the server reports SERVING for `service` ('' = whole server). */
  check(timeoutMs: number, service = ''): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err) return reject(new Error(err.message));
        if (res?.status !== 'SERVING')
          return reject(new Error(`status ${res?.status ?? 'unknown'}`));
        resolve();
      });
    });
  }

  close(): void {
    this.client.close();
  }
}
