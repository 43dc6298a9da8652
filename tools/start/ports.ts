import { createServer } from 'node:net';

/** Resolves with the ports of `ports` that something on this machine already listens on. */
export async function busyPorts(ports: readonly number[], host = '127.0.0.1'): Promise<number[]> {
  const results = await Promise.all(
    ports.map(
      (port) =>
        new Promise<number | undefined>((resolve) => {
          const server = createServer();
          server.once('error', () => resolve(port));
          server.listen({ port, host, exclusive: true }, () =>
            server.close(() => resolve(undefined)),
          );
        }),
    ),
  );
  return results.filter((p): p is number => p !== undefined);
}
