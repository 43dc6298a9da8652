import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import { WebSocketServer } from 'ws';

import type { DeviceAuthority, DeviceRefusal } from '../access/authorities';
import type { RelayMetrics } from '../metrics';
import type { DevicePool, PooledDevice } from '../pool/device-pool';
import { TunnelMux, type MuxOptions } from './tunnel-mux';

export const TUNNEL_PATH = '/tunnel';

/** WebSocket close codes the device acts on. */
export const CLOSE_SESSION_STOPPED = 4001;
export const CLOSE_REPLACED = 4002;

export interface TunnelServerOptions {
  readonly devices: DeviceAuthority;
  readonly pool: DevicePool;
  readonly metrics: RelayMetrics;
  /** How often each tunnel's session is checked (a stopped session's tunnel closes). */
  readonly sessionCheckMs: number;
  readonly mux?: MuxOptions;
  /** Trust X-Forwarded-For for the device's exit IP (behind our own load balancer). */
  readonly trustProxy?: boolean;
  /** After a tunnel closed (its streams ended): the relay writes their counts out at once. */
  readonly onTunnelClosed?: () => void;
}

const REFUSAL_STATUS: Record<DeviceRefusal, [number, string]> = {
  invalid_token: [401, 'Unauthorized'],
  session_not_found: [403, 'Forbidden'],
  session_not_running: [409, 'Conflict'],
};

function refuseUpgrade(socket: Duplex, status: number, text: string, code: string): void {
  const body = JSON.stringify({ status: 'error', code, message: code.replace(/_/g, ' ') });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The device face: a phone with a running session opens `GET /tunnel` as a WebSocket with its
 * access token (`Authorization: Bearer`) and session id (`X-Session-Id` or `?session_id=`).
 */
export function attachTunnelServer(server: Server, options: TunnelServerOptions): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    const url = new URL(request.url ?? '/', 'http://relay');
    if (url.pathname !== TUNNEL_PATH) return refuseUpgrade(socket, 404, 'Not Found', 'not_found');
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const sessionId = String(
      request.headers['x-session-id'] ?? url.searchParams.get('session_id') ?? '',
    );
    if (!token) return refuseUpgrade(socket, 401, 'Unauthorized', 'invalid_token');
    if (!sessionId) return refuseUpgrade(socket, 400, 'Bad Request', 'session_id_required');
    options.devices.admit(token, sessionId).then(
      (session) => {
        if (typeof session === 'string') {
          const [status, text] = REFUSAL_STATUS[session];
          return refuseUpgrade(socket, status, text, session);
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          const forwarded = options.trustProxy
            ? String(request.headers['x-forwarded-for'] ?? '')
                .split(',')[0]
                ?.trim()
            : '';
          const device: PooledDevice = {
            session,
            mux: new TunnelMux(ws, options.mux),
            exitIp: forwarded || request.socket.remoteAddress || '',
            connectedAt: Date.now(),
          };
          options.pool.add(device)?.mux.close(CLOSE_REPLACED, 'replaced');
          options.metrics.tunnels.inc();
          device.mux.on('close', () => {
            options.pool.remove(device);
            options.metrics.tunnels.dec();
            options.onTunnelClosed?.();
          });
        });
      },
      () => refuseUpgrade(socket, 503, 'Service Unavailable', 'unavailable'),
    );
  });

  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void Promise.all(
      options.pool.list().map(async (device) => {
        const running = await options.devices.stillRunning(device.session).catch(() => true);
        if (!running) device.mux.close(CLOSE_SESSION_STOPPED, 'session_stopped');
      }),
    ).finally(() => (checking = false));
  }, options.sessionCheckMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    for (const device of options.pool.list()) device.mux.close(1001, 'relay_shutdown');
    wss.close();
  };
}
