import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';

import { servedContracts, type ServiceDescriptor } from '@trafficshare/config';
import { PROTO_ROOT } from '@trafficshare/contracts';

import type { ErrorRecorder } from '@trafficshare/observability';

import { DomainException } from './domain-error';
import { toGrpcError, type GrpcErrorPayload } from './error-transport';
import { LOADER_OPTIONS } from './proto-loading';
import { status as GrpcStatus, Metadata } from '@grpc/grpc-js';

/**
 * Every client connection is closed (gracefully: calls in flight get 30 s) after 5 minutes, so
 * clients dialling a headless Service re-resolve its DNS and new replicas start taking calls.
 * No method streams, so nothing long-lived is cut.
 */
export const SERVER_CHANNEL_OPTIONS = {
  'grpc.max_connection_age_ms': 5 * 60_000,
  'grpc.max_connection_age_grace_ms': 30_000,
} as const;

/**
 * Nest microservice options for a service: its proto package (the public service and, when it has
 * one, the internal service, on the same port) plus grpc.health.v1.
 */
export function grpcServerOptions(
  svc: ServiceDescriptor,
  address: string,
  health: HealthImplementation,
): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      package: svc.protoPackage,
      protoPath: servedContracts(svc).map((c) => c.protoFile),
      url: address,
      loader: { ...LOADER_OPTIONS, includeDirs: [PROTO_ROOT] },
      maxReceiveMessageLength: 8 * 1024 * 1024,
      channelOptions: SERVER_CHANNEL_OPTIONS,
      onLoadPackageDefinition: (_pkg: unknown, server: Pick<Server, 'addService'>) => {
        health.addToServer(server);
      },
    },
  };
}

/** The grpc.health.v1 names of an app: '' (the whole server) and each proto service it serves. */
export function healthNames(svc: ServiceDescriptor): string[] {
  return ['', ...servedContracts(svc).map((c) => `${c.protoPackage}.${c.protoService}`)];
}

export function createHealth(svc: ServiceDescriptor): HealthImplementation {
  // NOT_SERVING until the service has migrated and connected.
  return new HealthImplementation(
    Object.fromEntries(healthNames(svc).map((name) => [name, 'NOT_SERVING' as const])),
  );
}

/**
 * The pg pool's "no connection within connectionTimeoutMillis" errors (waiting for a pooled
 * client, or a new connection that did not open in time).
 */
export function isPoolAcquireTimeout(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return /timeout exceeded when trying to connect|Connection terminated due to connection timeout/.test(
    err.message,
  );
}

/**
 * Every exception a gRPC controller throws leaves as a proper status: domain exceptions with
 * their code in trailers, anything else as INTERNAL (message hidden; logged with the gateway's
 * request id from the call's `x-request-id` metadata, and the trace id when tracing is on).
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(
    private readonly logger: Logger,
    /** The platform error log (admin console): every INTERNAL is recorded there too. */
    private readonly errors?: { readonly app: string; readonly recorder: ErrorRecorder },
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    // A busy database (no pooled connection within the acquire timeout) is transient: the caller
    // may retry, so it answers UNAVAILABLE (HTTP 503 `unavailable`), not INTERNAL.
    if (isPoolAcquireTimeout(exception)) {
      this.logger.error({ err: exception }, 'database pool acquire timeout');
      exception = new DomainException(
        'unavailable',
        'unavailable',
        'The service is busy, please retry shortly',
      );
    }
    if (exception instanceof DomainException) {
      const error = toGrpcError(exception);
      if (error.code === GrpcStatus.INTERNAL) this.record(host, exception);
      return throwError(() => error);
    }
    const context: unknown = host.switchToRpc().getContext();
    const requestId =
      context instanceof Metadata ? context.get('x-request-id')[0]?.toString() : undefined;
    this.logger.error(
      { err: exception, ...(requestId ? { req_id: requestId.slice(0, 64) } : {}) },
      'unhandled error in gRPC handler',
    );
    this.record(host, exception);
    const metadata = new Metadata();
    metadata.set('ts-error-code', 'internal');
    const payload: GrpcErrorPayload = {
      code: GrpcStatus.INTERNAL,
      details: 'Internal error',
      metadata,
    };
    return throwError(() => payload);
  }

  private record(host: ArgumentsHost, exception: unknown): void {
    if (!this.errors) return;
    const rpc = host.switchToRpc();
    const context: unknown = rpc.getContext();
    const data = rpc.getData<{ caller?: { telegramId?: unknown; ip?: unknown } } | undefined>();
    const requestId =
      context instanceof Metadata ? (context.get('x-request-id')[0]?.toString() ?? '') : '';
    // The call object (third argument) knows the RPC's path: "/package.Service/Method".
    const call = host.getArgByIndex<{ getPath?: () => string } | undefined>(2);
    const path = typeof call?.getPath === 'function' ? call.getPath() : '';
    void this.errors.recorder.record({
      app: this.errors.app,
      kind: 'grpc_internal',
      level: 'error',
      requestId,
      route: path.replace(/^\//, '') || 'unknown',
      status: GrpcStatus.INTERNAL,
      code: 'internal',
      error: exception instanceof Error ? exception.constructor.name : typeof exception,
      userId: Number(data?.caller?.telegramId ?? 0) || 0,
      ip: typeof data?.caller?.ip === 'string' ? data.caller.ip : '',
    });
  }
}
