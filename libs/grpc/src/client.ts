import {
  credentials,
  Metadata,
  status as GrpcStatus,
  type Client,
  type ServiceError,
} from '@grpc/grpc-js';
import type { Observable } from 'rxjs';

import type { GrpcContract } from '@trafficshare/config';

import { idempotentMethods, serviceClientConstructor } from './proto-loading';

export interface CallOptions {
  /** Overrides the client's default deadline for this call. */
  readonly deadlineMs?: number;
  /** Sent as gRPC metadata (request id for log correlation; the caller travels in the message). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** ts-proto's NestJS client interface (Observable methods) as promise methods with options. */
export type PromiseClient<C> = {
  [K in keyof C]: C[K] extends (request: infer Req) => Observable<infer Res>
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
};

export interface GrpcClientOptions {
  readonly address: string;
  /** Default deadline of each call (ms). */
  readonly deadlineMs: number;
  /** Attempts for idempotent methods on UNAVAILABLE / DEADLINE_EXCEEDED (1 = no retry). */
  readonly maxAttempts?: number;
  readonly backoffMs?: number;
}

export interface GrpcClientHandle<C> {
  readonly client: PromiseClient<C>;
  readonly raw: Client;
  close(): void;
}

const RETRYABLE = new Set<GrpcStatus>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED]);

function toMetadata(values: Readonly<Record<string, string>> | undefined): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(values ?? {})) md.set(k, v);
  return md;
}

type UnaryFn = (
  req: unknown,
  md: Metadata,
  opts: { deadline: Date },
  cb: (err: ServiceError | null, res: unknown) => void,
) => void;

/**
 * A typed client of one proto service: an app's public contract (`SERVICES[name]`) or its
 * internal one (`internalContract(name)`). Every call has a deadline; only methods marked
 * `idempotency_level = NO_SIDE_EFFECTS | IDEMPOTENT` in proto are retried, with jittered
 * backoff, and never past the call's own deadline.
 */
export function createGrpcClient<C>(
  svc: GrpcContract,
  options: GrpcClientOptions,
): GrpcClientHandle<C> {
  const Ctor = serviceClientConstructor(svc);
  const raw = new Ctor(options.address, credentials.createInsecure(), {
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.max_receive_message_length': 8 * 1024 * 1024,
    // With a `dns:///` address of a headless Service, spread calls over every replica.
    'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  });
  const retryable = idempotentMethods(svc);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const backoffMs = options.backoffMs ?? 50;

  const call = (
    method: string,
    request: unknown,
    callOptions: CallOptions = {},
  ): Promise<unknown> => {
    const fn = (raw as unknown as Record<string, UnaryFn>)[method];
    if (typeof fn !== 'function')
      return Promise.reject(new Error(`${svc.protoService} has no method ${method}`));
    const deadline = Date.now() + (callOptions.deadlineMs ?? options.deadlineMs);
    const attempts = retryable.has(method) ? maxAttempts : 1;
    const attempt = (n: number): Promise<unknown> =>
      new Promise<unknown>((resolve, reject) => {
        fn.call(
          raw,
          request,
          toMetadata(callOptions.metadata),
          { deadline: new Date(deadline) },
          (err, res) => (err ? reject(err) : resolve(res)),
        );
      }).catch((err: unknown) => {
        const code = (err as Partial<ServiceError>).code;
        const wait = backoffMs * 2 ** (n - 1) * (0.5 + Math.random());
        if (
          n < attempts &&
          code !== undefined &&
          RETRYABLE.has(code) &&
          Date.now() + wait < deadline
        ) {
          return new Promise((r) => setTimeout(r, wait)).then(() => attempt(n + 1));
        }
        throw err;
      });
    return attempt(1);
  };

  const client = new Proxy({} as PromiseClient<C>, {
    get: (_target, prop) =>
      typeof prop === 'string'
        ? (req: unknown, opts?: CallOptions) => call(prop, req, opts)
        : undefined,
  });
  return { client, raw, close: () => raw.close() };
}
