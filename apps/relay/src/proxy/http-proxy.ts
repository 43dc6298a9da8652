import { createServer, type Server, type Socket } from 'node:net';

import type { ConnectRefusal, RelayCore } from '../relay-core';
import { parseBasicAuth, parseProxyCredentials } from './credentials';
import { ReadError, readHttpHead } from './socket-reader';

const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_TIMEOUT_MS = 10_000;

const STATUS: Record<ConnectRefusal | 'bad_request' | 'proxy_auth_required', [number, string]> = {
  bad_request: [400, 'Bad Request'],
  proxy_auth_required: [407, 'Proxy Authentication Required'],
  invalid_key: [407, 'Proxy Authentication Required'],
  key_inactive: [403, 'Forbidden'],
  key_expired: [403, 'Forbidden'],
  limit_reached: [402, 'Payment Required'],
  private_address: [403, 'Forbidden'],
  port_not_allowed: [403, 'Forbidden'],
  domain_blocked: [403, 'Forbidden'],
  bad_host: [400, 'Bad Request'],
  too_many_streams: [429, 'Too Many Requests'],
  no_device: [503, 'Service Unavailable'],
  device_unreachable: [502, 'Bad Gateway'],
};

const MESSAGES: Record<keyof typeof STATUS, string> = {
  bad_request: 'Send CONNECT host:port or an absolute http:// URI.',
  proxy_auth_required: 'Authenticate with Proxy-Authorization: Basic and your API key.',
  invalid_key: 'The API key is not valid.',
  key_inactive: 'The API key is disabled.',
  key_expired: 'The API key has expired.',
  limit_reached: 'The API key has used its traffic limit.',
  private_address: 'Private, loopback and reserved destinations are not allowed.',
  port_not_allowed: 'This destination port is not allowed.',
  domain_blocked: 'This destination is blocked.',
  bad_host: 'The destination host is not valid.',
  too_many_streams: 'Too many concurrent connections for this API key.',
  no_device: 'No device is available for this request right now; retry shortly.',
  device_unreachable: 'The device could not reach the destination.',
};

function refuse(socket: Socket, code: keyof typeof STATUS): void {
  const [status, text] = STATUS[code];
  const body = JSON.stringify({ status: 'error', code, message: MESSAGES[code] });
  const extra = status === 407 ? 'Proxy-Authenticate: Basic realm="TrafficShare"\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n${extra}Content-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

interface ParsedHead {
  readonly method: string;
  readonly target: string;
  readonly version: string;
  readonly headers: readonly [string, string][];
}

function parseHead(head: Buffer): ParsedHead | null {
  const lines = head.toString('latin1').split('\r\n');
  const match = /^([A-Z]{3,10}) (\S+) (HTTP\/1\.[01])$/.exec(lines[0] ?? '');
  if (!match) return null;
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { method: match[1], target: match[2], version: match[3], headers };
}

function header(head: ParsedHead, name: string): string | undefined {
  return head.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/** host:port of a CONNECT target (IPv6 in brackets). */
function authority(target: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/]+):(\d{1,5})$/.exec(target);
  if (!match) return null;
  const port = Number(match[2]);
  return port >= 1 && port <= 65_535 ? { host: match[1], port } : null;
}

/**
 * The buyer's HTTP proxy face: `CONNECT host:port` (TLS and anything else, spliced as bytes) and
 * absolute-URI requests for plain HTTP (rewritten to origin form, one request per connection).
 */
export function createHttpProxy(core: RelayCore): Server {
  return createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => undefined);
    void handle(core, socket);
  });
}

async function handle(core: RelayCore, socket: Socket): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readHttpHead(socket, MAX_HEAD_BYTES, HEAD_TIMEOUT_MS);
  } catch (error) {
    if (error instanceof ReadError && error.message === 'head_too_large')
      return refuse(socket, 'bad_request');
    socket.destroy();
    return;
  }
  const head = parseHead(raw);
  if (!head) return refuse(socket, 'bad_request');
  const basic = parseBasicAuth(header(head, 'proxy-authorization'));
  if (!basic) return refuse(socket, 'proxy_auth_required');
  const credentials = parseProxyCredentials(basic.user, basic.pass);
  if (!credentials) return refuse(socket, 'invalid_key');

  let host: string;
  let port: number;
  let forward: Buffer | undefined;
  if (head.method === 'CONNECT') {
    const target = authority(head.target);
    if (!target) return refuse(socket, 'bad_request');
    ({ host, port } = target);
  } else {
    let url: URL;
    try {
      url = new URL(head.target);
    } catch {
      return refuse(socket, 'bad_request');
    }
    if (url.protocol !== 'http:' || !url.hostname) return refuse(socket, 'bad_request');
    host = url.hostname;
    port = url.port ? Number(url.port) : 80;
    const kept = head.headers.filter(
      ([name]) => !/^(proxy-authorization|proxy-connection|connection|keep-alive)$/i.test(name),
    );
    forward = Buffer.from(
      `${head.method} ${url.pathname}${url.search} ${head.version}\r\n` +
        kept.map(([name, value]) => `${name}: ${value}\r\n`).join('') +
        'Connection: close\r\n\r\n',
      'latin1',
    );
  }

  const grant = await core.authorize(credentials);
  if (typeof grant === 'string') return refuse(socket, grant);
  const connected = await core.connect(grant, credentials, host, port);
  if (typeof connected === 'string') return refuse(socket, connected);
  if (head.method === 'CONNECT') socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  core.splice(socket, connected, forward);
  socket.resume();
}
