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

/**
 * The ports still busy after up to `waitMs`. The apps' default ports lie inside Linux's
 * ephemeral range, so a short-lived outgoing connection can hold one for a moment: busy ports are
 * re-checked every `stepMs` (calling `onWait` once) before they are reported. A platform that is
 * really running keeps its ports and is reported after the wait.
 */
export async function portsStillBusy(
  ports: readonly number[],
  options: { waitMs: number; stepMs?: number; onWait?: (busy: number[]) => void },
): Promise<number[]> {
  const deadline = Date.now() + options.waitMs;
  let busy = await busyPorts(ports);
  if (busy.length > 0) options.onWait?.(busy);
  while (busy.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, options.stepMs ?? 500));
    busy = await busyPorts(busy);
  }
  return busy;
}
