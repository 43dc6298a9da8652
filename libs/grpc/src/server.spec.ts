import { Metadata, status } from '@grpc/grpc-js';
import type { ArgumentsHost } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';

import type { Logger } from '@trafficshare/observability';

import { DomainException } from './domain-error';
import { GrpcExceptionFilter } from './server';

const hostWith = (context: unknown): ArgumentsHost =>
  ({ switchToRpc: () => ({ getContext: () => context }) }) as unknown as ArgumentsHost;

describe('GrpcExceptionFilter', () => {
  const logged: Array<Record<string, unknown>> = [];
  const logger = { error: (o: Record<string, unknown>) => logged.push(o) } as unknown as Logger;
  const filter = new GrpcExceptionFilter(logger);
  beforeEach(() => (logged.length = 0));

  it('hides an unexpected error as INTERNAL and logs it with the caller’s request id', async () => {
    const metadata = new Metadata();
    metadata.set('x-request-id', 'req-42');
    const err = await lastValueFrom(
      filter.catch(new Error('db password is hunter2'), hostWith(metadata)),
    ).catch((e: unknown) => e as { code: number; details: string; metadata: Metadata });
    expect(err).toMatchObject({ code: status.INTERNAL, details: 'Internal error' });
    expect(err.metadata.get('ts-error-code')).toEqual(['internal']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ req_id: 'req-42' });
  });

  it('answers a database pool acquire timeout as retryable UNAVAILABLE, not INTERNAL', async () => {
    for (const message of [
      'timeout exceeded when trying to connect',
      'Connection terminated due to connection timeout',
    ]) {
      const err = await lastValueFrom(
        filter.catch(new Error(message), hostWith(new Metadata())),
      ).catch((e: unknown) => e as { code: number; metadata: Metadata });
      expect(err.code).toBe(status.UNAVAILABLE);
      expect(err.metadata.get('ts-error-code')).toEqual(['unavailable']);
    }
    const other = await lastValueFrom(
      filter.catch(new Error('relation "x" does not exist'), hostWith(new Metadata())),
    ).catch((e: unknown) => e as { code: number });
    expect(other.code).toBe(status.INTERNAL);
  });

  it('logs without a request id when the call carried none; domain errors are not logged', async () => {
    await lastValueFrom(filter.catch(new Error('boom'), hostWith(new Metadata()))).catch(
      () => undefined,
    );
    expect(logged[0]).not.toHaveProperty('req_id');
    class Missing extends DomainException {
      constructor() {
        super('not_found', 'thing_not_found', 'No such thing');
      }
    }
    await lastValueFrom(filter.catch(new Missing(), hostWith(new Metadata()))).catch(
      () => undefined,
    );
    expect(logged).toHaveLength(1);
  });
});
