import { join } from 'node:path';

import { Metadata, status } from '@grpc/grpc-js';
import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import type { Observable } from 'rxjs';

import type { ServiceDescriptor } from '@trafficshare/config';
import { freePort } from '@trafficshare/testing';

import { createGrpcClient, type GrpcClientHandle } from './client';
import { toHttpError } from './error-transport';
import { GrpcMethods } from './grpc-methods.decorator';
import { NulStringGuard } from './nul-guard';
import { createHealth, GrpcExceptionFilter, grpcServerOptions } from './server';

interface Msg {
  text: string;
  amountMicroUsd: number;
}
interface Envelope {
  inner?: Msg;
  items: Msg[];
  tags: string[];
  labels: Record<string, string>;
  blob: Buffer;
  deviceId: string;
}
interface FixtureClient {
  echo(req: Partial<Envelope>): Observable<Envelope>;
}

const fixture: ServiceDescriptor = {
  name: 'notify-svc',
  schema: 'fixture',
  protoPackage: 'trafficshare.fixture.v1',
  protoService: 'FixtureService',
  protoFile: join(__dirname, '..', 'test', 'fixture.proto'),
  defaultGrpcPort: 0,
  defaultMetricsPort: 0,
  urlEnv: 'FIXTURE_GRPC_URL',
};

const handled: Envelope[] = [];

@Controller()
@GrpcMethods('FixtureService')
class EchoController {
  echo(req: Envelope): Envelope {
    handled.push(req);
    return req;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

const NUL = '\u0000';

describe('NulStringGuard on a real Nest gRPC server', () => {
  let app: INestMicroservice;
  let handle: GrpcClientHandle<FixtureClient>;

  beforeAll(async () => {
    const address = `127.0.0.1:${await freePort()}`;
    app = await NestFactory.createMicroservice(EchoModule, {
      ...grpcServerOptions(fixture, address, createHealth(fixture)),
      logger: false,
    });
    // As service-kit's bootstrapService registers them.
    app.useGlobalFilters(new GrpcExceptionFilter(pino({ level: 'silent' })));
    app.useGlobalInterceptors(new NulStringGuard());
    await app.listen();
    handle = createGrpcClient<FixtureClient>(fixture, { address, deadlineMs: 5_000 });
  });

  afterAll(async () => {
    handle?.close();
    await app?.close();
  });

  beforeEach(() => (handled.length = 0));

  const refusal = (req: Partial<Envelope>) =>
    handle.client.echo(req).then(
      () => {
        throw new Error('the call was accepted');
      },
      (err: { code: number; details: string; metadata: Metadata }) => err,
    );

  it('passes a clean message (bytes may hold NUL) to the handler', async () => {
    const res = await handle.client.echo({
      inner: { text: 'hello', amountMicroUsd: 5 },
      items: [{ text: 'a', amountMicroUsd: 1 }],
      tags: ['x'],
      labels: { k: 'v' },
      blob: Buffer.from([0, 1, 0]),
      deviceId: 'phone-1',
    });
    expect(res).toMatchObject({ deviceId: 'phone-1', inner: { text: 'hello' } });
    expect(Buffer.from(res.blob)).toEqual(Buffer.from([0, 1, 0]));
    expect(handled).toHaveLength(1);
  });

  it('refuses a NUL in a nested field with INVALID_ARGUMENT validation_failed naming it', async () => {
    const err = await refusal({ inner: { text: `a${NUL}b`, amountMicroUsd: 0 } });
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.metadata.get('ts-error-code')).toEqual(['validation_failed']);
    expect(err.details).toBe('inner.text: must not contain NUL (\\u0000) characters');
    expect(handled).toHaveLength(0);
  });

  it('names the element of a repeated field, snake_cased like the .proto, and every bad field', async () => {
    const err = await refusal({
      items: [
        { text: 'fine', amountMicroUsd: 0 },
        { text: `bad${NUL}`, amountMicroUsd: 0 },
      ],
      tags: ['ok', NUL],
      deviceId: `dev${NUL}`,
    });
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('items[1].text: must not contain NUL');
    expect(err.details).toContain('tags[1]: must not contain NUL');
    expect(err.details).toContain('device_id: must not contain NUL');
    expect(handled).toHaveLength(0);

    // What the gateway answers for it.
    const http = toHttpError(err);
    expect(http.status).toBe(400);
    expect(http.body).toMatchObject({
      status: 'error',
      code: 'validation_failed',
      errors: expect.arrayContaining([
        { field: 'items[1].text', message: 'must not contain NUL (\\u0000) characters' },
        { field: 'device_id', message: 'must not contain NUL (\\u0000) characters' },
      ]),
    });
  });

  it('refuses a NUL in a map value or key', async () => {
    const value = await refusal({ labels: { region: `eu${NUL}` } });
    expect(value.details).toBe('labels.region: must not contain NUL (\\u0000) characters');
    const key = await refusal({ labels: { [`k${NUL}`]: 'v' } });
    expect(key.code).toBe(status.INVALID_ARGUMENT);
    expect(key.details).toContain('labels.k\\u0000: must not contain NUL');
    expect(handled).toHaveLength(0);
  });
});
