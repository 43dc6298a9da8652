import { Writable } from 'node:stream';

import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { z } from 'zod/v4';

import { registerEnvelope, registerResponseCheck } from './contract-hooks';
import { defineRoute } from './route-contract';

const ThingRoute = defineRoute({
  method: 'GET',
  path: '/things/:id',
  tags: ['things'],
  access: 'user',
  summary: 'A thing',
  params: z.strictObject({ id: z.string() }),
  response: z.strictObject({ id: z.string(), size: z.number() }),
  errors: { 404: ['thing_not_found'] },
});

/** A Fastify app with the envelope and the response check, routes answering what we tell them. */
async function app(validate: boolean): Promise<{ fastify: FastifyInstance; logs: object[] }> {
  const logs: object[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(JSON.parse(chunk.toString()) as object);
      done();
    },
  });
  const fastify = Fastify();
  registerEnvelope(fastify);
  if (validate) registerResponseCheck(fastify, pino(stream));
  const config = { contract: ThingRoute };
  fastify.get('/things/good', { config }, async () => ({ id: 'good', size: 1 }));
  fastify.get('/things/extra', { config }, async () => ({ id: 'x', size: 1, secret: 'leak' }));
  fastify.get('/things/missing', { config }, async (_req, reply) =>
    reply.code(404).send({ status: 'error', code: 'thing_not_found', message: 'No such thing' }),
  );
  fastify.get('/things/undeclared', { config }, async (_req, reply) =>
    reply.code(404).send({ status: 'error', code: 'user_not_found', message: 'No such user' }),
  );
  fastify.get('/things/fastify-shape', { config }, async (_req, reply) =>
    reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'Route GET:/x' }),
  );
  fastify.get('/things/teapot', { config }, async (_req, reply) =>
    reply.code(418).send({ status: 'error', code: 'teapot', message: 'I am one' }),
  );
  fastify.get('/legacy', async () => ({ anything: 'goes' }));
  await fastify.ready();
  return { fastify, logs };
}

describe('contract hooks', () => {
  it('wraps the payload of the success status in the envelope', async () => {
    const { fastify } = await app(false);
    const res = await fastify.inject({ method: 'GET', url: '/things/good' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'success', id: 'good', size: 1 });
    // Errors are never wrapped.
    const missing = await fastify.inject({ method: 'GET', url: '/things/missing' });
    expect(missing.json()).toEqual({
      status: 'error',
      code: 'thing_not_found',
      message: 'No such thing',
    });
    await fastify.close();
  });

  it('lets answers through unchecked when the switch is off', async () => {
    const { fastify } = await app(false);
    const res = await fastify.inject({ method: 'GET', url: '/things/extra' });
    expect(res.statusCode).toBe(200);
    await fastify.close();
  });

  it('passes answers that match the contract', async () => {
    const { fastify, logs } = await app(true);
    for (const url of ['/things/good', '/things/missing', '/legacy']) {
      const res = await fastify.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode }).toEqual({
        url,
        status: url === '/things/missing' ? 404 : 200,
      });
    }
    // A route without a contract is not checked (yet): see the list of routes without one.
    expect(logs).toEqual([]);
    await fastify.close();
  });

  it.each([
    ['/things/extra', 'the 200 body does not match its schema'],
    ['/things/undeclared', 'error code user_not_found is not declared for 404'],
    ['/things/fastify-shape', 'the 404 body is not an error body'],
    ['/things/teapot', 'error status 418 is not declared'],
  ])('answers %s with 500 response_contract_violation and logs why', async (url, reason) => {
    const { fastify, logs } = await app(true);
    const res = await fastify.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      status: 'error',
      code: 'response_contract_violation',
      message: 'The response does not match the route contract',
    });
    expect(res.body).not.toContain('leak');
    expect(logs).toEqual([
      expect.objectContaining({
        msg: 'response contract violation',
        route: url,
        reason,
      }),
    ]);
    await fastify.close();
  });

  it('checks the error body of requests no route matched', async () => {
    const { fastify, logs } = await app(true);
    const res = await fastify.inject({ method: 'GET', url: '/nowhere' });
    // Fastify's own 404 body has statusCode/error fields: the gateway replaces that handler.
    expect(res.statusCode).toBe(500);
    expect(logs).toEqual([
      expect.objectContaining({ reason: 'the 404 body is not an error body' }),
    ]);
    await fastify.close();
  });
});
