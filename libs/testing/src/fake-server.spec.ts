import { request } from 'undici';

import { startFakeServer, type FakeServer } from './fake-server';
import { pollUntil } from './poll-until';

describe(startFakeServer.name, () => {
  let server: FakeServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('records each request (method, path, headers, raw body) and answers from its routes', async () => {
    server = await startFakeServer({
      'POST /bot123:abc/sendMessage': { body: { ok: true, result: { message_id: 7 } } },
      '/health': { status: 204 },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const res = await request(`${server.url}/bot123:abc/sendMessage?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': 'sig' },
      body: '{"chat_id":42,"text":"hi"}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(await res.body.json()).toEqual({ ok: true, result: { message_id: 7 } });

    expect(server.requests).toHaveLength(1);
    const [recorded] = server.requests;
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/bot123:abc/sendMessage');
    expect(recorded.url).toBe('/bot123:abc/sendMessage?x=1');
    expect(recorded.query.get('x')).toBe('1');
    expect(recorded.headers['x-signature']).toBe('sig');
    expect(recorded.body.toString()).toBe('{"chat_id":42,"text":"hi"}');
    expect(recorded.json()).toEqual({ chat_id: 42, text: 'hi' });
    expect(server.requestsTo('/bot123:abc/sendMessage', 'post')).toHaveLength(1);
  });

  it('routes by handler, replaces routes, matches prefixes and answers 404 otherwise', async () => {
    server = await startFakeServer();
    server.setRoute('GET /v1/ip/*', (req) => ({
      body: { ip: req.path.split('/').pop(), risk: 10 },
    }));
    server.setRoute('POST /v1/payout', {
      status: 500,
      body: 'boom',
      headers: { 'content-type': 'text/plain' },
    });

    const ip = await request(`${server.url}/v1/ip/1.2.3.4`);
    expect(await ip.body.json()).toEqual({ ip: '1.2.3.4', risk: 10 });

    const failing = await request(`${server.url}/v1/payout`, { method: 'POST', body: '{}' });
    expect(failing.statusCode).toBe(500);
    expect(await failing.body.text()).toBe('boom');

    server.setRoute('POST /v1/payout', { status: 201, body: { id: 'p1' } });
    const created = await request(`${server.url}/v1/payout`, { method: 'POST', body: '{}' });
    expect(created.statusCode).toBe(201);
    await created.body.dump();

    const missing = await request(`${server.url}/nope`);
    expect(missing.statusCode).toBe(404);
    expect(await missing.body.json()).toEqual({
      error: 'no fake route',
      method: 'GET',
      path: '/nope',
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/ip/1.2.3.4',
      'POST /v1/payout',
      'POST /v1/payout',
      'GET /nope',
    ]);
  });

  it('can answer late, and closes with a response still pending', async () => {
    server = await startFakeServer(() => ({ delayMs: 60_000, body: 'late' }));
    const pending = request(`${server.url}/slow`).catch((err: unknown) => err);
    await pollUntil(() => server?.requests.length === 1, {
      description: 'the slow request to arrive',
    });
    await server.close();
    server = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });
});
