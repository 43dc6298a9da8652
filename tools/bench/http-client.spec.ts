import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { bodyText, HttpClientError, KeepAliveConnection, parseAnswer } from './http-client';

describe('parseAnswer', () => {
  const answer = (text: string) => parseAnswer(Buffer.from(text, 'latin1'));

  it('waits for the whole head and the whole Content-Length body', () => {
    expect(answer('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n')).toBe('incomplete');
    expect(answer('HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nabc')).toBe('incomplete');
    const text = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabcde';
    expect(answer(`${text}HTTP/1.1 404`)).toEqual({
      status: 200,
      length: text.length,
      bodyStart: text.length - 5,
      chunked: false,
      close: false,
    });
  });

  it('reads chunked bodies, trailers included', () => {
    const text =
      'HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\nA\r\n0123456789\r\n0\r\nx-t: 1\r\n\r\n';
    expect(answer(text.slice(0, -2))).toBe('incomplete');
    expect(answer(text)).toMatchObject({
      status: 429,
      length: text.length,
      chunked: true,
      close: false,
    });
  });

  it('has no body on 204 and honours Connection: close and HTTP/1.0', () => {
    expect(answer('HTTP/1.1 204 No Content\r\ncontent-length: 9\r\n\r\n')).toMatchObject({
      status: 204,
      close: false,
    });
    expect(
      answer('HTTP/1.1 503 x\r\nconnection: close\r\ncontent-length: 0\r\n\r\n'),
    ).toMatchObject({ status: 503, close: true });
    expect(answer('HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n')).toMatchObject({ close: true });
  });

  it('refuses what is not HTTP', () => {
    expect(answer('SSH-2.0-OpenSSH\r\n\r\n')).toBeInstanceOf(HttpClientError);
    expect(answer('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n')).toBeInstanceOf(
      HttpClientError,
    );
  });
});

describe('KeepAliveConnection against node:http', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ method: string; url: string; body: string; socket: number; auth?: string }> =
    [];
  let sockets = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const socket = (req.socket as unknown as { n?: number }).n!;
        seen.push({
          method: req.method!,
          url: req.url!,
          body,
          socket,
          auth: req.headers.authorization,
        });
        if (req.url === '/chunked') {
          res.writeHead(201);
          res.write('part one, ');
          res.end('part two');
        } else if (req.url === '/close') {
          res.writeHead(503, { connection: 'close', 'content-length': 2 });
          res.end('no');
        } else if (req.url === '/slow') {
          setTimeout(() => res.end('late'), 1_500).unref();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, echo: body }));
        }
      });
    });
    server.on('connection', (s) => {
      (s as unknown as { n: number }).n = ++sockets;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends method, path, headers and body, and reuses one socket', async () => {
    const c = new KeepAliveConnection(origin, 5_000);
    const before = sockets;
    const body = JSON.stringify({ seq: 1, note: 'ünïcode' });
    const first = await c.request({
      method: 'POST',
      path: '/a?x=1',
      headers: { authorization: 'Bearer t' },
      body,
    });
    expect(first.status).toBe(200);
    expect(JSON.parse(bodyText(first))).toEqual({ ok: true, echo: body });
    const chunked = await c.request({ method: 'GET', path: '/chunked' });
    expect({ status: chunked.status, chunked: chunked.chunked, text: bodyText(chunked) }).toEqual({
      status: 201,
      chunked: true,
      text: 'part one, part two',
    });
    expect((await c.request({ method: 'GET', path: '/b' })).status).toBe(200);
    c.close();
    expect(sockets - before).toBe(1);
    expect(seen.slice(-3)).toEqual([
      { method: 'POST', url: '/a?x=1', body, socket: before + 1, auth: 'Bearer t' },
      { method: 'GET', url: '/chunked', body: '', socket: before + 1, auth: undefined },
      { method: 'GET', url: '/b', body: '', socket: before + 1, auth: undefined },
    ]);
  });

  it('reconnects after Connection: close', async () => {
    const c = new KeepAliveConnection(origin, 5_000);
    const before = sockets;
    const closing = await c.request({ method: 'GET', path: '/close' });
    expect([closing.status, bodyText(closing)]).toEqual([503, 'no']);
    expect((await c.request({ method: 'GET', path: '/after' })).status).toBe(200);
    c.close();
    expect(sockets - before).toBe(2);
  });

  it('fails a request that gets no answer in time, then works again', async () => {
    const c = new KeepAliveConnection(origin, 300);
    await expect(c.request({ method: 'GET', path: '/slow' })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect((await c.request({ method: 'GET', path: '/again' })).status).toBe(200);
    c.close();
  });

  it('reports a refused connection with its code', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = new KeepAliveConnection(`http://127.0.0.1:${port}`, 1_000);
    await expect(c.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    c.close();
  });
});
