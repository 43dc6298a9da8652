import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { Server } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { Observable, throwError } from 'rxjs';

import { servedContracts, type ServiceDescriptor } from '@trafficshare/config';
import { PROTO_ROOT } from '@trafficshare/contracts';

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
 * Every exception a gRPC controller throws leaves as a proper status: domain exceptions with
 * their code in trailers, anything else as INTERNAL (message hidden; logged with the gateway's
 * request id from the call's `x-request-id` metadata, and the trace id when tracing is on).
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (exception instanceof DomainException) {
      return throwError(() => toGrpcError(exception));
    }
    const context: unknown = host.switchToRpc().getContext();
    const requestId =
      context instanceof Metadata ? context.get('x-request-id')[0]?.toString() : undefined;
    this.logger.error(
      { err: exception, ...(requestId ? { req_id: requestId.slice(0, 64) } : {}) },
      'unhandled error in gRPC handler',
    );
    const metadata = new Metadata();
    metadata.set('ts-error-code', 'internal');
    const payload: GrpcErrorPayload = {
      code: GrpcStatus.INTERNAL,
      details: 'Internal error',
      metadata,
    };
    return throwError(() => payload);
  }
}
