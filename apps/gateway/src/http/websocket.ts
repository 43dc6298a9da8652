import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';

const registered = new WeakSet<FastifyInstance>();

/**
 * Registers @fastify/websocket once per Fastify instance, whichever WebSocket feature (the live
 * updates, the admin monitor) initialises first; their routes are registered after it.
 * Queued, not awaited: awaiting a register here would boot fastify's plugin tree before the
 * gateway's error handler applies to it (413 and JSON errors lost their body).
 */
export function ensureWebsocket(fastify: FastifyInstance): void {
  if (registered.has(fastify) || fastify.hasDecorator('websocketServer')) return;
  registered.add(fastify);
  void fastify.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
    },
  });
}
