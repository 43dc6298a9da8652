import { isIPv4 } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';

import type { ConnectRefusal, RelayCore } from '../relay-core';
import { parseProxyCredentials } from './credentials';
import { readExactly } from './socket-reader';

const TIMEOUT_MS = 10_000;

/** RFC 1928 reply codes for each refusal. */
const REPLY: Record<ConnectRefusal, number> = {
  invalid_key: 0x02,
  key_inactive: 0x02,
  key_expired: 0x02,
  limit_reached: 0x02,
  private_address: 0x02,
  port_not_allowed: 0x02,
  domain_blocked: 0x02,
  bad_host: 0x04,
  too_many_streams: 0x02,
  no_device: 0x03,
  device_unreachable: 0x04,
};

function reply(code: number): Buffer {
  return Buffer.from([0x05, code, 0x00, 0x01, 0, 0, 0, 0, 0, 0]);
}

/**
 * The buyer's SOCKS5 face (RFC 1928 CONNECT with RFC 1929 user/password authentication; the
 * user name and password carry the API key and options as on the HTTP face).
 */
export function createSocks5Proxy(core: RelayCore): Server {
  return createServer({ pauseOnConnect: true }, (socket) => {
    socket.on('error', () => undefined);
    handle(core, socket).catch(() => socket.destroy());
  });
}

async function handle(core: RelayCore, socket: Socket): Promise<void> {
  const read = (n: number): Promise<Buffer> => readExactly(socket, n, TIMEOUT_MS);
  const [version, methodCount] = await read(2);
  if (version !== 0x05 || !methodCount) return void socket.destroy();
  const methods = await read(methodCount);
  if (!methods.includes(0x02)) return void socket.end(Buffer.from([0x05, 0xff]));
  socket.write(Buffer.from([0x05, 0x02]));

  const [authVersion, userLength] = await read(2);
  if (authVersion !== 0x01) return void socket.destroy();
  const user = userLength ? (await read(userLength)).toString('utf8') : '';
  const [passLength] = await read(1);
  const pass = passLength ? (await read(passLength)).toString('utf8') : '';
  const credentials = parseProxyCredentials(user, pass);
  const grant = credentials ? await core.authorize(credentials) : 'invalid_key';
  if (!credentials || typeof grant === 'string') return void socket.end(Buffer.from([0x01, 0x01]));
  socket.write(Buffer.from([0x01, 0x00]));

  const [requestVersion, command, , addressType] = await read(4);
  if (requestVersion !== 0x05) return void socket.destroy();
  let host: string;
  if (addressType === 0x01) host = [...(await read(4))].join('.');
  else if (addressType === 0x03) {
    const [length] = await read(1);
    host = (await read(length ?? 0)).toString('latin1');
  } else if (addressType === 0x04) {
    const bytes = await read(16);
    host = `[${Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(':')}]`;
  } else return void socket.end(reply(0x08));
  const port = (await read(2)).readUInt16BE(0);
  if (command !== 0x01) return void socket.end(reply(0x07));
  if (addressType === 0x01 && !isIPv4(host)) return void socket.end(reply(0x04));

  const connected = await core.connect(grant, credentials, host, port);
  if (typeof connected === 'string') return void socket.end(reply(REPLY[connected]));
  socket.write(reply(0x00));
  core.splice(socket, connected);
  socket.resume();
}
