import { join } from 'node:path';

import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';
import type { Observable } from 'rxjs';

import type { ServiceDescriptor } from '@trafficshare/config';

import { createGrpcClient } from './client';
import { SERVER_CHANNEL_OPTIONS } from './server';
import { DomainException } from './domain-error';
import { toGrpcError, toHttpError } from './error-transport';
import { GrpcHealthChecker } from './health';
import { LOADER_OPTIONS } from './proto-loading';

interface Msg {
  text: string;
  amountMicroUsd: number;
}
interface FixtureClient {
  read(req: Msg): Observable<Msg>;
  write(req: Msg): Observable<Msg>;
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

type Handler = (call: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) => void;

describe('gRPC client, errors and health (real grpc-js server)', () => {
  const server = new Server();
  const health = new HealthImplementation({ '': 'SERVING' });
  const calls = { read: 0, write: 0 };
  let behaviour: { read: Handler; write: Handler };
  let address = '';

  const unavailableOnce =
    (key: 'read' | 'write'): Handler =>
    (call, cb) => {
      calls[key] += 1;
      if (calls[key] === 1) return cb({ code: status.UNAVAILABLE, details: 'warming up' });
      cb(null, {
        text: `${key}:${call.request.text}`,
        amountMicroUsd: call.request.amountMicroUsd,
      });
    };

  beforeAll(async () => {
    const def = loadSync(fixture.protoFile, LOADER_OPTIONS);
    server.addService(def['trafficshare.fixture.v1.FixtureService'] as never, {
      Read: ((call: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
        behaviour.read(call, cb)) as never,
      Write: ((call: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
        behaviour.write(call, cb)) as never,
    });
    health.addToServer(server);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    address = `127.0.0.1:${port}`;
  });

  beforeEach(() => {
    calls.read = 0;
    calls.write = 0;
  });

  afterAll(() => {
    server.forceShutdown();
  });

  it('retries an idempotent method after UNAVAILABLE and keeps int64 as number', async () => {
    behaviour = { read: unavailableOnce('read'), write: unavailableOnce('write') };
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address,
      deadlineMs: 2_000,
      backoffMs: 5,
    });
    await expect(client.read({ text: 'a', amountMicroUsd: 1_390_000 })).resolves.toEqual({
      text: 'read:a',
      amountMicroUsd: 1_390_000,
    });
    expect(calls.read).toBe(2);
    close();
  });

  it('never retries a method that is not marked idempotent', async () => {
    behaviour = { read: unavailableOnce('read'), write: unavailableOnce('write') };
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address,
      deadlineMs: 2_000,
      backoffMs: 5,
    });
    await expect(client.write({ text: 'w', amountMicroUsd: 5 })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    expect(calls.write).toBe(1);
    close();
  });

  it('gives up at the deadline', async () => {
    behaviour = { read: () => undefined, write: () => undefined };
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address,
      deadlineMs: 150,
    });
    const started = Date.now();
    await expect(client.write({ text: 'slow', amountMicroUsd: 0 })).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    expect(Date.now() - started).toBeLessThan(1_500);
    close();
  });

  it('carries a domain error code and details to the HTTP error body', async () => {
    const domain = new DomainException(
      'failed_precondition',
      'insufficient_balance',
      'Balance is too low',
      {
        balance_usd: '0.50',
      },
    );
    behaviour = { read: (_c, cb) => cb(toGrpcError(domain)), write: () => undefined };
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address,
      deadlineMs: 1_000,
    });
    const err = await client.read({ text: '', amountMicroUsd: 0 }).catch((e: unknown) => e);
    expect(toHttpError(err, 'req-1')).toEqual({
      status: 422,
      body: {
        status: 'error',
        code: 'insufficient_balance',
        message: 'Balance is too low',
        balance_usd: '0.50',
      },
    });
    close();
  });

  it('hides internal errors behind a generic message with the request id', async () => {
    behaviour = {
      read: (_c, cb) => cb({ code: status.INTERNAL, details: 'SELECT * FROM secrets failed' }),
      write: () => undefined,
    };
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address,
      deadlineMs: 1_000,
    });
    const err = await client.read({ text: '', amountMicroUsd: 0 }).catch((e: unknown) => e);
    const mapped = toHttpError(err, 'req-9');
    expect(mapped.status).toBe(500);
    expect(mapped.body).toEqual({
      status: 'error',
      code: 'internal',
      message: 'Internal error (request id req-9)',
    });
    close();
  });

  it('checks grpc.health.v1 and reports NOT_SERVING and unreachable servers', async () => {
    const checker = new GrpcHealthChecker(address);
    await expect(checker.check(1_000)).resolves.toBeUndefined();
    health.setStatus('', 'NOT_SERVING');
    await expect(checker.check(1_000)).rejects.toThrow('NOT_SERVING');
    health.setStatus('', 'SERVING');
    checker.close();
    const nobody = new GrpcHealthChecker('127.0.0.1:1');
    await expect(nobody.check(300)).rejects.toThrow();
    nobody.close();
  });
});

// In k8s the services sit behind headless Services and clients dial `dns:///name:port`: the
// resolver returns every replica and the client's round_robin policy spreads calls over them.
describe('gRPC client over several replicas (real grpc-js servers)', () => {
  const servers: Server[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    const def = loadSync(fixture.protoFile, LOADER_OPTIONS);
    for (const name of ['a', 'b']) {
      const server = new Server();
      server.addService(def['trafficshare.fixture.v1.FixtureService'] as never, {
        Read: ((call: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
          cb(null, { text: name, amountMicroUsd: call.request.amountMicroUsd })) as never,
        Write: ((_c: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
          cb({ code: status.UNIMPLEMENTED })) as never,
      });
      ports.push(
        await new Promise<number>((resolve, reject) =>
          server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
            err ? reject(err) : resolve(p),
          ),
        ),
      );
      servers.push(server);
    }
  });

  afterAll(() => {
    for (const s of servers) s.forceShutdown();
  });

  it('spreads calls over every address of the target (round_robin, not pick_first)', async () => {
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address: `ipv4:127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}`,
      deadlineMs: 2_000,
    });
    const seen: string[] = [];
    for (let i = 0; i < 20; i++)
      seen.push((await client.read({ text: '', amountMicroUsd: i })).text);
    close();
    expect(seen.filter((s) => s === 'a').length).toBeGreaterThanOrEqual(5);
    expect(seen.filter((s) => s === 'b').length).toBeGreaterThanOrEqual(5);
  });

  it('dials a dns:/// address', async () => {
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address: `dns:///localhost:${ports[0]}`,
      deadlineMs: 2_000,
    });
    await expect(client.read({ text: '', amountMicroUsd: 7 })).resolves.toEqual({
      text: 'a',
      amountMicroUsd: 7,
    });
    close();
  });

  it('a server recycling its connections (max connection age) fails no call, not even a non-retried one', async () => {
    const def = loadSync(fixture.protoFile, LOADER_OPTIONS);
    const server = new Server({
      ...SERVER_CHANNEL_OPTIONS,
      'grpc.max_connection_age_ms': 100,
      'grpc.max_connection_age_grace_ms': 1_000,
    });
    server.addService(def['trafficshare.fixture.v1.FixtureService'] as never, {
      Read: ((_c: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
        cb({ code: status.UNIMPLEMENTED })) as never,
      // Answers with the client's address as the server sees it: one per connection.
      Write: ((call: ServerUnaryCall<Msg, Msg>, cb: sendUnaryData<Msg>) =>
        setTimeout(() => cb(null, { text: call.getPeer(), amountMicroUsd: 1 }), 15)) as never,
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    const { client, close } = createGrpcClient<FixtureClient>(fixture, {
      address: `dns:///127.0.0.1:${port}`,
      deadlineMs: 2_000,
    });
    const peers = new Set<string>();
    for (let i = 0; i < 40; i++)
      peers.add((await client.write({ text: '', amountMicroUsd: i })).text);
    close();
    server.forceShutdown();
    // ~40 × 15 ms against a 100 ms connection age: the client had to reconnect several times.
    expect(peers.size).toBeGreaterThan(1);
  });
});
